"""The bottom layer: what every other layer shares (the vocabulary of Chinese official texts)."""
