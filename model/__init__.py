"""The model package: clean the data, train, persist, and serve predictions (no Dash here).

Start with service.py (what the app asks), then training.py and features.py (the model),
dataset.py and cleaning.py (the data).
"""
