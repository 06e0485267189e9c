"""Grounding: every candidate item, the model's or a rule's, checked against the article the same way.

- ``text``: does a phrase, a number, a figure appear in some evidence;
- ``spans``: sentences as evidence spans, and the article's own wording of a phrase;
- ``evidence``: an article's sentences and the checks every section shares (cite, anchor, keep or drop);
- one module per section (``overview``, ``truce``, ``meeting``, ``casualties``, ``reactions``, ``sources``)
  that turns candidate answers into Brief items;
- ``merge``: when two grounded items are the same, one rule per section, in one place;
- ``brief``: all of it for one article (:func:`summarizer.grounding.brief.ground`).
"""
