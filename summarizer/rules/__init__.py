"""Rule readers: what an analyst finds by skimming the article, given as the same answer objects the
model returns (``summarizer.answers``), so that grounding checks both alike.

- ``lexicon``: every word list, declared once;
- ``cues``: does a sentence speak of casualties, a reaction, a truce, a meeting;
- ``casualties``, ``reactions``, ``attribution``: the readers;
- ``candidates``: all of them over an article's sentences.
"""
