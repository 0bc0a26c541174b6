"""The serving room: the model service loaded once per process, the explorer over the
program table, filters, links, real programs, institutions, inputs and their shapes."""
