"""Finding words of one language left on a page that is read in another.

A Spanish page may show English only where it says so (an element with
lang="en", such as a listing's own text not yet translated). english_left()
returns the English it finds anywhere else: in text, and in the attributes
people hear or see (labels, placeholders, the busy and done words that
scripts swap in).
"""

import re
from html.parser import HTMLParser

# Words that are common in the site's English and never in its Spanish.
ENGLISH_WORDS = frozenset(
    """the and with your you this that for from near search meeting meetings result results
    filter filters report listing listings page find show hide within miles minutes now
    today tonight tomorrow next previous free online person people day days time times
    sunday monday tuesday wednesday thursday friday saturday morning evening night
    apply sort what where when how who about contact back printed schedule open closed
    happening starting wheelchair accessible childcare ride rides class support skip main
    call text directions verified share copy link calendar add send thank try""".split()  # noqa: SIM905
)
SPOKEN_ATTRIBUTES = (
    "aria-label",
    "placeholder",
    "title",
    "alt",
    "label",
    "data-hide",
    "data-busy",
    "data-copied",
    "data-failed",
)
_WORD = re.compile(r"[A-Za-z]+")
_ADDRESS = re.compile(r"(?:https?://|/)\S*|\S+@\S+")
# Not shown to people: the Meeting Guide feed's link keeps the title its readers look for.
_UNSPOKEN = {"link", "meta", "script", "style", "title"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}


def english_words(text):
    """The English words in `text`, web and email addresses left out."""
    words = _WORD.findall(_ADDRESS.sub(" ", text))
    return sorted({word for word in words if word.lower() in ENGLISH_WORDS})


class _Scanner(HTMLParser):
    def __init__(self, language):
        super().__init__(convert_charrefs=True)
        self.language = language
        self.stack = []  # (tag, lang in force)
        self.found = []

    def _current(self):
        return self.stack[-1][1] if self.stack else None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        lang = attrs.get("lang") or self._current()
        if tag == "html":
            lang = attrs.get("lang")
        if lang == self.language and tag not in _UNSPOKEN:
            for name in SPOKEN_ATTRIBUTES:
                words = english_words(attrs.get(name) or "")
                if words:
                    self.found.append((f"<{tag} {name}>", attrs[name], words))
        if tag not in _VOID:
            self.stack.append((tag, lang))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break

    def handle_data(self, data):
        if not self.stack or self.stack[-1][0] in _UNSPOKEN:
            return
        if self._current() == self.language:
            words = english_words(data)
            if words:
                self.found.append((self.stack[-1][0], " ".join(data.split()), words))


def english_left(html, language="es"):
    """[(where, text, English words)] of English outside elements marked lang="en"."""
    scanner = _Scanner(language)
    scanner.feed(html)
    return scanner.found
