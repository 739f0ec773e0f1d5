"""Page models: what each page shows, built by pure functions from the frames, the options and today."""
