"""The learned stage of ``auto``: a small per-pixel model, trained by ``make train``.

features.py  scale- and contrast-free features of each pixel
page.py      the page's paper level, noise and ink depth
model.py     the classifier (a small MLP run with numpy) and the shipped weights
tiles.py     the page classified in overlapping bands (bounded memory, no seams)
method.py    the registered ``auto`` method
"""
