"""Every word list the rule readers and the grounding checks use, each declared once.

English news prose only. A list here names one idea ("verbs that attribute words to a speaker",
"words that give a casualty's kind"); the modules that need a regular expression build it from
the list with :func:`alternation`, so adding a word in one place teaches every reader.
"""

from __future__ import annotations

from collections.abc import Iterable

# --- numbers --------------------------------------------------------------------------------------
CARDINALS: dict[str, int] = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
TENS: dict[str, int] = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}
SCALES: dict[str, int] = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
ONE_WORDS: dict[str, int] = {"a": 1, "an": 1, "single": 1}
"""Words that count one only in front of a unit ("a hundred", "a single soldier")."""
NONE_WORDS: dict[str, int] = {"no": 0, "none": 0}

VAGUE_AMOUNTS: dict[str, tuple[int, int | None]] = {
    "dozens": (24, None), "scores": (40, None), "hundreds": (200, None), "thousands": (2000, None),
    "several": (3, 9), "few": (2, 5), "handful": (2, 5), "dozen": (12, 12), "couple": (2, 2),
}
"""Amounts without a number, as (low, high); high None = open."""
VAGUE_MULTIPLIERS: dict[str, str] = {"a few": "few", "a couple of": "couple", "a couple": "couple",
                                     "several": "several", "a handful of": "handful"}
"""Vague amounts that multiply a unit ("a few dozen", "several hundred"), as the key of their amount."""
UNITS_OF_COUNT: dict[str, int] = {"dozen": 12, "hundred": 100, "thousand": 1000}
VAGUE_PHRASES: tuple[str, ...] = ("a handful", "a dozen", "a couple", "dozens", "scores", "hundreds", "thousands",
                                  "several", "a few")
"""How the vague amounts are written in front of the people they count."""

APPROXIMATELY = ("about", "around", "approximately", "nearly", "almost", "roughly", "some", "an estimated",
                 "estimated", "close to")
AT_LEAST = ("at least", "no fewer than", "no less than", "a minimum of")
MORE_THAN = ("more than", "over", "upwards of", "in excess of")
UP_TO = ("up to", "as many as", "at most", "no more than")
FEWER_THAN = ("fewer than", "less than", "under")
QUALIFIERS = APPROXIMATELY + AT_LEAST + MORE_THAN + UP_TO + FEWER_THAN
"""Words in front of a figure that bound or soften it."""

# --- who says what --------------------------------------------------------------------------------
REPORTING_VERBS: dict[str, tuple[str, ...]] = {
    "say": ("said", "says", "say"), "tell": ("told", "tells"), "claim": ("claimed", "claims"),
    "report": ("reported",), "state": ("stated",), "confirm": ("confirmed",), "announce": ("announced",),
    "add": ("added",), "estimate": ("estimated", "estimates", "estimate"), "acknowledge": ("acknowledged",),
    "admit": ("admitted",),
}
"""Verbs that attribute words or figures to someone ("X said", "X told Y", "X confirmed"), by lemma (as the
parser reads them) with the forms a regular expression looks for."""
SPEECH_VERBS = REPORTING_VERBS["say"] + REPORTING_VERBS["tell"]
"""Verbs that introduce reported speech; a new clause starts after them."""
CLAIM_VERBS = tuple(form for forms in REPORTING_VERBS.values() for form in forms)
"""Every form of a reporting verb."""
DOCUMENT_NOUNS = ("statement", "report", "document", "text", "order", "letter", "video", "footage", "communique",
                  "communiqué", "decision", "figure", "toll", "tally", "count", "release")
"""Lemmas of nouns for what someone issued: "a statement from the ministry said" has the ministry speak, "the
report said" names no one."""
SPEAKER_PRONOUNS = ("he", "she", "they")
"""Pronouns that stand for a speaker named before ("He added that ...")."""
ATTRIBUTION_WORDS = ("according", "reportedly", "initially", "sources", "source")
"""Words of an attribution that name no one by themselves ("according to", "reportedly")."""

# --- casualties -----------------------------------------------------------------------------------
CASUALTY_KINDS: dict[str, tuple[str, ...]] = {
    "killed": ("killed", "dead", "died", "death", "deaths", "slain", "lost their lives", "perished", "fatalities"),
    "wounded": ("wounded", "injured", "hurt", "injuries"),
    "missing": ("missing", "unaccounted for", "disappeared"),
}
"""The words that give a casualty figure its kind."""
PEOPLE_NOUNS = ("people", "persons", "civilians", "soldiers", "troops", "men", "women", "children", "fighters",
                "militants", "members", "officers", "policemen", "personnel", "guards", "sailors", "villagers",
                "fishermen", "residents", "lives")
"""Nouns that count people, so that a figure before them is a count of people ("lost 30 soldiers")."""
LOSS_VERBS = ("lost", "buried")
"""Verbs whose object counts the dead ("has lost some forty of its men", "buried 23 of their people")."""
CASUALTY_CUES = tuple(w for words in CASUALTY_KINDS.values() for w in words) + (
    "kill", "die", "dying", "wound", "injur", "casualt", "bodies", "body", "toll", "fatalit", "massacre", "losses",
    "buried")
"""Word beginnings that tell a sentence speaks of casualties at all: the kind words and a few more."""
NOT_PEOPLE = ("years?", "months?", "weeks?", "days?", "hours?", "minutes?", "kilomet(?:er|re)s?", "km", "miles?",
              "met(?:er|re)s?", "times", "percent", "per cent", "%", "rockets?", "missiles?", "shells?", "drones?",
              "rounds", "battalions?", "brigades?", "vehicles?", "tanks?", "houses?", "homes?", "buildings?",
              "villages?", "towns?", r"a\.m\.", r"p\.m\.", "o'clock")
"""What a number counts when it counts no people (patterns)."""

# --- reactions ------------------------------------------------------------------------------------
STANCE_VERBS: dict[str, tuple[str, ...]] = {
    "condemns": ("condemned", "condemns", "denounced", "denounces", "deplored", "deplores", "accused", "accuses",
                 "criticised", "criticises", "criticized", "criticizes"),
    "defends": ("defended", "defends", "justified", "justifies"),
    "supports": ("welcomed", "welcomes", "backed", "backs", "praised", "praises", "endorsed", "endorses",
                 "supported", "supports", "hailed", "hails", "approved", "approves"),
    "threatens": ("threatened", "threatens", "warned", "warns", "vowed", "vows"),
    "calls_for_restraint": ("urged", "urges", "called on", "calls on", "called for", "calls for", "appealed",
                            "appeals"),
    "denies": ("denied", "denies", "rejected", "rejects", "dismissed", "dismisses"),
}
"""The verbs that give an official reaction its stance (their lemmas, for the parse, are read off these forms)."""
REFUSED_OBJECTS = ("offer", "offers", "proposal", "proposals", "ceasefire", "cease-fire", "truce", "plan", "call",
                   "calls", "deal", "demand", "demands", "terms", "talks")
"""What a government can reject that is no accusation: rejecting one of these is a stance of its own
(``other``), not a denial ("rejected the offer" is not "denied the report")."""
REACTION_CUES = ("condemn", "denounc", "defend", "defensive", "support", "welcom", "urg", "calls for", "called for",
                 "call for", "calls on", "called on", "call on", "warn", "threat", "deny", "denied", "denies",
                 "legal", "sovereignty", "restraint", "protest", "summon", "sanction", "deplor", "retaliat", "respond",
                 "respons")
"""Word beginnings that tell a sentence may hold a reaction."""
OFFICIAL_BODIES = ("government", "authorities", "ministry", "minister", "president", "prime minister", "premier", "army",
                   "military",
                   "armed forces", "defence forces", "navy", "air force", "pentagon", "state department",
                   "white house", "kremlin", "foreign office", "security council", "united nations", "council",
                   "commission", "parliament", "embassy", "ombudsman", "prosecutor", "attorney general",
                   "spokesman", "spokeswoman", "spokesperson", "chief of staff", "secretary-general", "cabinet",
                   "national guard")
"""Words that make a subject an official body or office."""

ARMED_GROUP_WORDS = ("militia", "militias", "rebel", "rebels", "insurgent", "insurgents", "wing", "faction", "brigade",
                     "brigades", "guerrilla", "guerrillas", "fighters", "jihadist", "jihadists", "paramilitary")
"""Words that make a subject an armed group, never a government, whatever else it holds ("military wing")."""
STATES = (
    "Afghanistan", "Albania", "Algeria", "Andorra", "Angola", "Argentina", "Armenia", "Australia", "Austria",
    "Azerbaijan", "Bahrain", "Bangladesh", "Belarus", "Belgium", "Benin", "Bolivia", "Bosnia", "Botswana", "Brazil",
    "Bulgaria", "Burkina Faso", "Burundi", "Cambodia", "Cameroon", "Canada", "Chad", "Chile", "China", "Colombia",
    "Congo", "Croatia", "Cuba", "Cyprus", "Czechia", "Denmark", "Djibouti", "Ecuador", "Egypt", "Eritrea", "Estonia",
    "Ethiopia", "Finland", "France", "Gabon", "Gambia", "Georgia", "Germany", "Ghana", "Greece", "Guatemala",
    "Guinea", "Haiti", "Honduras", "Hungary", "Iceland", "India", "Indonesia", "Iran", "Iraq", "Ireland", "Israel",
    "Italy", "Japan", "Jordan", "Kazakhstan", "Kenya", "Kosovo", "Kuwait", "Kyrgyzstan", "Laos", "Latvia", "Lebanon",
    "Liberia", "Libya", "Lithuania", "Luxembourg", "Madagascar", "Malawi", "Malaysia", "Mali", "Malta", "Mauritania",
    "Mexico", "Moldova", "Mongolia", "Montenegro", "Morocco", "Mozambique", "Myanmar", "Namibia", "Nepal",
    "Netherlands", "New Zealand", "Nicaragua", "Niger", "Nigeria", "North Korea", "North Macedonia", "Norway",
    "Oman", "Pakistan", "Palestine", "Panama", "Paraguay", "Peru", "Philippines", "Poland", "Portugal", "Qatar",
    "Romania", "Russia", "Rwanda", "Saudi Arabia", "Senegal", "Serbia", "Sierra Leone", "Singapore", "Slovakia",
    "Slovenia", "Somalia", "South Africa", "South Korea", "South Sudan", "Spain", "Sri Lanka", "Sudan", "Sweden",
    "Switzerland", "Syria", "Taiwan", "Tajikistan", "Tanzania", "Thailand", "Togo", "Tunisia", "Turkey",
    "Turkmenistan", "Uganda", "Ukraine", "United Arab Emirates", "UAE", "United Kingdom", "Britain", "UK",
    "United States", "US", "U.S.", "Uruguay", "Uzbekistan", "Venezuela", "Vietnam", "Yemen", "Zambia", "Zimbabwe",
    "NATO", "European Union", "EU", "United Nations", "UN", "African Union", "Arab League", "ASEAN", "OSCE", "G7",
)
"""States, and alliances and bodies of states, whose name alone (after an optional "the") makes a subject official."""

# --- truce and meeting ----------------------------------------------------------------------------
TRUCE_WORDS = ("truce", "ceasefire", "cease-fire", "cease fire", "armistice", "cessation of hostilities",
               "de-escalat", "deescalat", "peace deal", "peace agreement", "peace accord", "peace plan",
               "peace talks", "peace proposal")
TRUCE_PHRASES = (r"\b(?:lay|lays|laid|laying|put|puts) down (?:\w+\s+)?(?:arms|weapons)\b",)
"""Patterns of a truce given as a deed ("ready to put down their weapons")."""
HALT_VERBS = ("halt", "stop", "suspend", "pause", "cease", "end", "freeze", "contain")
HALTED_ACTIONS = ("attacks", "fighting", "fire", "firing", "hostilities", "operations", "offensive", "shelling",
                  "strikes", "the situation")
TRUCE_STATUS_WORDS: dict[str, tuple[str, ...]] = {
    "broken": (r"collaps\w*", r"broke down", r"broken down", r"fell apart", r"violat\w*", r"breach\w*", r"was broken",
               r"shattered", r"unravel\w*"),
    "rejected": (r"reject\w*", r"refus\w*", r"turned down", r"dismiss\w*", r"will not (?:accept|agree)"),
    "agreed": (r"agreed", r"signed", r"reached", r"accepted", r"brokered", r"took effect", r"came into (?:force|effect)",
               r"(?:is|was|has been) holding", r"in force"),
    "offered": (r"offer\w*", r"propos\w*", r"would (?:\w+\s+){0,4}?if", r"call(?:ed|s)? for", r"demand\w*",
                r"ready to", r"willing to", r"urg\w*"),
}
"""Patterns that tell what became of a truce, in the order the story's status is read: one that broke down
was agreed first, an offer that was refused is rejected, an agreed one may first have been offered."""
EARLIER_TRUCE = (r"\b(?:earlier|previous|former|past|prior|last year's|older)\s+(?:\w+\s+)?"
                 r"(?:truces?|cease-?fires?|deals?|agreements?)",
                 r"\b(?:truces?|cease-?fires?|deals?|agreements?)\s+(?:\w+\s+)?(?:in|of)\s+(?:19|20)\d\d\b")
"""Patterns of a truce from the story's background ("two earlier truces", "the ceasefire of 2019")."""
NO_TRUCE = (r"without (?:agreeing |reaching |signing )?(?:a |any )?(?:truce|cease-?fire)", r"failed to agree",
            r"no (?:truce|cease-?fire) (?:was|has been|had been) (?:agreed|reached|signed)")
"""Patterns that say there was no truce."""
_TRUCE_NOUN = r"(?:truce|cease-?fire|pause|deal|agreement)"
CAVEAT_CUES = (
    # threats that outlast the truce
    r"\b(?:will|would|could)\s+(?:answer|respond to|retaliate (?:against|for)|avenge|hit back at|punish)\s+(?:any|every)\b",
    r"\bvow(?:ed|s|ing)?\s+(?:revenge|to (?:retaliate|avenge|fight on|continue|keep))",
    r"\bby (?:every|any|all|whatever) (?:means|force)\b", r"\bwith or without\b",
    rf"\b{_TRUCE_NOUN} or no {_TRUCE_NOUN}\b", r"\bwill (?:continue|keep) (?:to act|acting|to fight|fighting|to strike)\b",
    r"\bconsidering (?:another|a new|new|fresh|further) (?:attacks?|strikes?|offensives?)\b",
    # refusals by a party or part of one
    r"\bnot bound by\b", r"\b(?:signed|agreed to|accepted) nothing\b", r"\bnot (?:been )?consulted\b",
    r"\b(?:will|would) not (?:hand over|lay down|give up|withdraw|pull back|return|go back|wait|leave|sign|accept|"
    r"recogni[sz]e|stop|respect|honou?r)\b",
    r"\b(?:had not|has not|did not|never) signed\b", rf"\bno (?:new )?{_TRUCE_NOUN} with\b",
    # doubt
    r"\b(?:did not|would not|will not|could not|declined to|refused to|wouldn't|won't)\s+(?:say|confirm|state|"
    r"commit to|promise)\s+(?:whether|if|that)\b[^.;]{0,60}\b(?:observe|respect|honou?r|abide|keep|join|accept)",
    r"\bwait(?:ing)? to see whether\b", r"\b(?:nobody|no one)\b[^.;]{0,30}\btrusts?\b",
    rf"\b(?:doubt\w*|sceptic\w*|skeptic\w*)\b[^.;]{{0,60}}\b{_TRUCE_NOUN}",
    # the truce's end foretold, declared or blamed
    rf"\bif\b[^.;]{{0,120}}\b{_TRUCE_NOUN} (?:is|will be) (?:over|dead|finished)\b",
    rf"\b{_TRUCE_NOUN} (?:is|was) (?:dead|over)\b", rf"\bno {_TRUCE_NOUN} any ?more\b",
    r"\baccus\w* the other of (?:breaking|violating)\b",
)
"""Patterns of a caveat to a truce: a threat, a refusal, a doubt, or its end foretold (GOLD.md: "dissent,
doubt, or a threat to the truce by anyone")."""
MEETING_WORDS = (r"\bmeet", r"\bmet\b", r"\btalks\b", "summit", "gather", "conven", "conference", "attend",
                 "negotiat", r"\bhosted\b", r"\bsat down\b", r"\bsession\b", r"\bdelegations?\b")
"""Patterns that tell a sentence describes a meeting."""
DELEGATE_NOUNS = ("representative", "delegate", "delegation")
"""Lemmas of nouns for the people an organisation sends to a meeting."""
LEADING_VERBS = ("lead", "head")
"""Lemmas of verbs that put a person at the head of a delegation."""
UNREALISED_VERBS = ("call", "urge", "propose", "offer", "seek", "demand", "plan", "hope", "want", "try")
"""Lemmas of verbs under which a meeting is wished for, not held ("called for talks", "hoping to arrange a
summit")."""
MODALS = ("would", "could", "might", "may", "should", "must", "can")
"""Modal verbs that make what they govern a possibility, not an event."""
PRESENCE_WORDS = (r"\battend", r"\bpresent\b", r"\btook part\b", r"\btaking part\b", r"\bsat\b", r"\bseated\b",
                  r"\baround the table\b", r"\brepresent", r"\bobservers?\b", r"\bjoined\b", r"\bled\b",
                  r"\bheaded\b", r"\baccompanied\b", r"\bmediat", r"\bchaired\b", r"\bsigned\b", r"\bbrokered\b")
"""Patterns that place someone at a meeting (present at it, in a delegation, chairing or signing)."""

# --- dates ----------------------------------------------------------------------------------------
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december")

# --- words that carry no content ------------------------------------------------------------------
STOPWORDS = frozenset(
    "a an the of in on at to for from by with and or but as is was were be been are that this these those "
    "its it his her their they he she we our your who whom which what when where than then there here into "
    "over after before about said says say told also not no has have had will would could should may might "
    "s al el".split()
)
# words that open a sentence without naming anyone ("However, the truce ...")
CONNECTIVES = frozenset(
    "however meanwhile still yet later earlier instead despite although though while since because then thus "
    "nevertheless nonetheless moreover furthermore separately elsewhere overall both neither either".split()
)
DETERMINERS = frozenset("the a an its his her their one another two three several some this that these those".split())


def alternation(words: Iterable[str]) -> str:
    """A regex alternation of literal words, longest first (so "called for" wins over "call")."""
    import re

    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(set(words), key=len, reverse=True))


def number_words() -> tuple[str, ...]:
    """Every word that writes a number or an amount (for checking that a figure is stated)."""
    return tuple(CARDINALS) + tuple(TENS) + tuple(SCALES) + ("dozen", "dozens", "hundreds", "thousands")
