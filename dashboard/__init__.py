"""The Streamlit edge of the product: state, caching, rendering and the export command."""
