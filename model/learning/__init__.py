"""The learning room: features, the pipeline and its training, cross-fitted expectations,
calibrated ranges, the fast path and the saved artifact, with the summaries serving reads."""
