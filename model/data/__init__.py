"""The data room: read official releases (or a merged table), check and clean them into the
dataset; its columns and measures; the demo generator; the build report."""
