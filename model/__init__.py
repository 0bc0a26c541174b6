"""The model package: clean the data, train, persist, and serve predictions (no Dash here).

Three rooms in the order data flows, over the words they share:
- data/: read and clean a release into the dataset (start with dataset.py, then cleaning.py);
- learning/: train and save the model (training.py, features.py, artifact.py);
- serving/: what the app asks, answered from the saved model (service.py first).
Shared by all three: codes.py (official codes and labels), errors.py, earnings_test.py (the
federal earnings test) and debt.py (federal loan terms).
"""
