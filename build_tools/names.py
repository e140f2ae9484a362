"""Names in a report that look like places, people or organizations but match no record.

`unknown_names` lists them with a guess at their kind and the cue behind the
guess, so a contributor can add the missing record or alias. Candidates are
runs of capitalised words; the cues are surface ones (titles, prepositions,
endings, organization words) in English, Ukrainian, Russian and
Serbian/Montenegrin. The kinds are suggestions for a person to check, not facts.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from .clean import unescape_markdown
from .mentions import APOSTROPHES, MENTION_KINDS, MentionIndex
from .models import Named

Kind = Literal["person", "place", "organization", "unknown"]
EXAMPLE_LENGTH = 160


@dataclass(frozen=True)
class NameCandidate:
    name: str  # as written, in its most frequent spelling
    kind: Kind
    count: int
    cue: str  # why it looks like a name of that kind
    example: str  # the sentence it first appears in


def known_names(records: Mapping[str, Mapping[str, Named]]) -> MentionIndex:
    """A MentionIndex over every record a report may name: places, people and
    organizations, and also outlets, which reports cite ("Reuters reports") and
    which therefore are no missing records."""
    named = {kind: dict(records.get(kind, {})) for kind in MENTION_KINDS}
    named["organizations"].update(records.get("outlets", {}))
    index = MentionIndex.from_records(named)
    # MentionIndex does not search running text for labels under three letters
    # ("UN", "WP"): too ambiguous. A report's "WP" still names a record, so they
    # are kept for lookups.
    for kind, models in named.items():
        for record_id, model in sorted(models.items()):
            for label in [model.name, *model.aliases]:
                index.labels.setdefault(_fold(label), (kind, record_id))
    return index


# --- word lists -------------------------------------------------------------------


@dataclass(frozen=True)
class _Lexicon:
    """Casefolded words matched exactly, and stems (4+ letters) matched with up to
    three more letters, so inflected Slavic forms count: 'міністра', 'Генштабу'."""

    words: frozenset[str]
    stems: frozenset[str] = frozenset()

    def __contains__(self, word: str) -> bool:
        word = _fold(word)
        if word in self.words:
            return True
        if self.stems:
            for k in range(max(4, len(word) - 3), len(word) + 1):
                if word[:k] in self.stems:
                    return True
        return False


def _lexicon(words: str, stems: str = "") -> _Lexicon:
    return _Lexicon(frozenset(_fold(w) for w in words.split()), frozenset(_fold(s) for s in stems.split()))


_NO_APOSTROPHES = str.maketrans("", "", APOSTROPHES)


def _fold(word: str) -> str:
    """The form MentionIndex compares labels in: casefolded, without apostrophes."""
    return word.translate(_NO_APOSTROPHES).casefold()


# Capitalised only because they start a sentence, or words no record would hold.
COMMON_WORDS = _lexicon(
    # English
    "the a an this that these those it its he she they we i you his her their our my your in on at by for from with to of "
    "after before during since until however but and or so yet also meanwhile according as if when while although though "
    "despite due even many some most several other another both each every all no not only just still now then there here "
    "what which who whom whose where why how recently earlier later further beyond early late last next first finally "
    "instead today yesterday tomorrow such one two three more much few yes moreover furthermore nevertheless nonetheless "
    "therefore thus currently previously initially overall again already unlike like amid against under over about around "
    "through without within between among into once any whether read related update updated editor note photo video "
    "source sources breaking live key latest summary please "
    # Ukrainian
    "у в на за до з із зі по про під це як але проте однак також крім після раніше водночас тому тоді коли якщо хоча вже "
    "ще його її їх він вона вони ми ви я та і й а або чи що де цей ця ці той ті всі усі кожен сьогодні вчора нагадаємо "
    "зокрема відтак натомість наразі щодо серед через біля поблизу понад близько загалом зараз тепер "
    # Russian
    "во с со из о об под это но также кроме ранее при когда если уже ещё еще ее её он она они мы вы и или "
    "этот эта эти все сегодня вчера напомним между среди около "
    # Serbian / Montenegrin
    "u na za do sa s iz od po o pod to ovo kako ali međutim takođe takodje osim nakon ranije pri tada kada kad ako iako "
    "već još on ona oni mi vi ja i a ili što gdje gde taj ta ti ovaj ova svi danas juče jučer prema posle poslije tokom "
    "između među oko kod blizu zbog dok prije pre"
)
CALENDAR_WORDS = _lexicon(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec "
    "monday tuesday wednesday thursday friday saturday sunday "
    "січень лютий березень квітень травень червень липень серпень вересень жовтень листопад грудень "
    "січня лютого березня квітня травня червня липня серпня вересня жовтня листопада грудня "
    "понеділок вівторок середа четвер пʼятниця субота неділя "
    "январь февраль март апрель май июнь июль август сентябрь октябрь ноябрь декабрь "
    "января февраля марта апреля мая июня июля августа сентября октября ноября декабря "
    "понедельник вторник среда четверг пятница суббота воскресенье "
    "januar februar mart maj juni juli avgust septembar oktobar novembar decembar "
    "januara februara marta aprila maja juna jula avgusta septembra oktobra novembra decembra "
    "ponedjeljak ponedeljak utorak srijeda sreda četvrtak petak subota nedjelja nedelja"
)
# Words that end a sentence only rarely when a period follows them.
ABBREVIATIONS = _lexicon("mr mrs ms dr st gen col lt maj sgt capt prof sen rep gov jan feb mar apr jun jul aug sep sept oct nov dec no vs")
# All-caps words that are things, not organizations.
PLAIN_ACRONYMS = _lexicon("OK TV AM PM FPV GPS ID AI CEO UTC GMT EST CET EET KM MW GW UAV IFV APC MLRS HIMARS ATACMS USD EUR UAH RUB GDP POW SMS PDF COVID")
# Nationality words used as adjectives or for a people ("Russian troops", "the Ukrainians").
DEMONYM_ENDING = re.compile(r"(?:ian|ean|ican|ese|ish)s?$")
DEMONYMS = _lexicon(
    "french dutch swiss czech soviet western eastern northern southern greek thai arab arabs israeli israelis iraqi "
    "german germans slovak serb serbs croat croats pole poles turk turks finn finns dane danes swede swedes scot scots "
    "baltic arctic slavic islamic democratic democrat democrats nazi nazis"
)
TITLES = _lexicon(
    "president president-elect vice-president prime minister general colonel lieutenant major captain sergeant commander "
    "commander-in-chief chief spokesperson spokesman spokeswoman ambassador envoy governor mayor head chairman chairwoman "
    "chair secretary senator congressman congresswoman lawmaker representative deputy mr mrs ms dr prof professor pope "
    "king queen prince patriarch judge gen col lt sgt maj capt marshal admiral director speaker chancellor premier "
    "adviser advisor commissioner посол посла послом голова голови головою мер мера пан пані глава главы мэр "
    "ministar ministra",
    "президент премєр міністр генерал полковник підполковник командувач командир речни керівник очільник депутат "
    "губернатор секретар спікер радник министр командующ пресс-секретар представител советник господин "
    "predsjednik predsednik premijer pukovnik komandant komandir portparol ambasador gradonačelnik guverner sekretar "
    "savjetnik savetnik poslanik gospodin",
)
ORGANIZATION_WORDS_EN = _lexicon(
    "ministry ministries forces force army armies brigade brigades council agency staff service services institute party "
    "office committee corps group department directorate command guard bank union court commission government "
    "administration center centre bureau company corporation foundation fund network association organization "
    "organisation parliament assembly battalion regiment division university academy alliance navy fleet police "
    "intelligence legion squadron headquarters"
)
# Slavic organization names go on through lowercase words ("Служба безпеки
# України", "Ministarstvo odbrane Rusije"), so these words also extend a run.
ORGANIZATION_WORDS_SLAVIC = _lexicon(
    "сили сил силами рада ради раді полк полку штаб штабу силы совет совета",
    "міністерств міноборони армі бригад агентств генштаб служб інститут парті офіс комітет корпус груп угруповання "
    "управлінн командуванн центр уряд адміністраці батальйон дивізі прокуратур поліці гварді розвідк "
    "министерств минобороны арми агентств институт парти комитет групп группировк управлени командовани "
    "правительств администраци батальон дивизи полици разведк "
    "ministarstv snage snaga vojsk armij brigad savjet savet agencij generalštab služb institut partij stranka stranke "
    "kancelarij komitet korpus grup komand vlada vlade uprav centar bataljon divizij tužilaštv policij gard",
)
# Words after which English "of"/"for" belongs to the name ("Ministry of Defense", "Gulf of Finland").
OF_HEADS = _lexicon("republic kingdom gulf sea bay isle isles strait straits cape lake city island islands port state states")
PLACE_NAME_WORDS = _lexicon("oblast region raion district province krai river sea mountains lake island islands peninsula gulf bay valley")
# A lowercase word right after a name that says it is a place ("Donetsk region", "Сумська область").
PLACE_AFTER = _lexicon(
    "village town city settlement district province river oblast reka reke",
    "region област район громад oblast rajon okrug rijek",
)
SETTLEMENT_WORDS = _lexicon(
    "village villages town city settlement hamlet с смт село селі села селом селище селищі селища місто місті міста містом "
    "поселок посёлок поселке посёлке деревня деревне город городе города "
    "selo selu sela grad gradu grada naselje naselju naselja mjesto mjestu mesto mestu"
)
PLACE_PREPOSITIONS = _lexicon("in near outside towards toward around into у в біля під поблизу поряд под возле около близ вблизи u kod blizu pored nadomak")
ENGLISH_PLACE_PREPOSITIONS = _lexicon("in near outside towards toward around into")
REPORTING_VERBS = _lexicon(
    "said says told tells added stated noted explained stressed warned "
    "сказав сказала заявив заявила зазначив зазначила додав додала повідомив повідомила розповів розповіла наголосив наголосила каже "
    "сказал отметил отметила добавил добавила сообщил сообщила рассказал рассказала подчеркнул подчеркнула говорит "
    "rekao rekla izjavio izjavila kazao kazala naveo navela dodao dodala kaže istakao istakla saopštio"
)
ACCORDING_TO = frozenset({"according to", "за словами", "по словам", "prema riječima", "prema rečima"})
SERBIAN_AUXILIARIES = frozenset({"je", "su", "је", "су"})  # "Kovaljov je rekao": the verb comes one word later
PLACE_SUFFIXES = (
    "ivka", "yivka", "ovka", "evka", "ivske", "ske", "ove", "ovo", "evo", "sk", "grad", "hrad", "horod", "gorod", "pol", "pil",
    "івка", "ївка", "овка", "евка", "ське", "ское", "ове", "ово", "еве", "ево", "ськ", "ск", "град", "город", "поль", "піль",
)
INFLECTED_PLACE_STEMS = ("івк", "ївк", "овк", "евк", "ськ", "ск")
NAME_PARTICLES = "de del della di van von der den bin ibn al el du dos le la ter"

# --- patterns ----------------------------------------------------------------------

VOWELS = "aeiouyаеєиіїоуюяыэьйё"
_UPPER = "".join(ch for ch in map(chr, range(0x41, 0x530)) if ch.isupper())  # Latin and Cyrillic capitals
_LETTER = r"[^\W\d_]"
_APOS = re.escape(APOSTROPHES)
# A capitalised word, apostrophes and hyphens allowed inside; words with digits ("AS-90") are no names.
_CAPITALISED = re.compile(rf"(?<![\w{_APOS}-])[{_UPPER}]{_LETTER}*(?:[-{_APOS}]{_LETTER}+)*(?![\w-]*\d)")
_LOWER_WORD = rf"(?:(?=[^\W\d_])[^{_UPPER}\W][\w{_APOS}-]*)"
_SPACE_GAP = re.compile(r"[ \t\u00a0]+")
_OF_GAP = re.compile(r"[ \t]+(?:of|of the|for|for the|on)[ \t]+")
_PARTICLE_GAP = re.compile(rf"[ \t]+(?:{'|'.join(NAME_PARTICLES.split())})(?:[ \t]+(?:der|den|de|la))?[ \t]+")
_LOWER_GAP = re.compile(rf"(?:[ \t]+{_LOWER_WORD}){{1,2}}[ \t]+")
_LOWER_WORDS_AFTER = re.compile(rf"[ \t]+({_LOWER_WORD})(?:[ \t]+({_LOWER_WORD}))?")
_WORD_AFTER = re.compile(rf"[ \t]+({_LETTER}[\w{_APOS}-]*)(?:[ \t]+({_LETTER}[\w{_APOS}-]*))?")
_NON_SPACE = re.compile(r"\S+")
_WORD_BEFORE_DOT = re.compile(r"(\w+)\Z")
_SENTENCE_GAP = re.compile(r"[.!?…:]+[\"'”’»)\]]*[ \t]+")
_MARKDOWN_LINE_MARK = re.compile(r"[ \t]*(#{1,6}|[-*+]|\d+\.)[ \t]+")
_SKIPPED_BEFORE_WORD = frozenset(" \t\u00a0\"'“”‘’«»„([{–—-*")
_CONTEXT_PUNCTUATION = "\"'“”‘’«»„()[]{}.,;:!?–—"


# --- what the index already knows ---------------------------------------------------


@dataclass(frozen=True)
class _IndexFacts:
    """What unknown_names needs from a MentionIndex beyond its spans, built once per index."""

    dotless: frozenset[str]  # labels without their dots, for acronyms ("u.n." knows "UN")
    stems: dict[tuple[int, str], list[tuple[tuple[str, tuple[str, ...]], ...]]]  # (words, first 2 letters) -> labels as (word, its stems)


_FACTS_CACHE: dict[int, tuple[MentionIndex, _IndexFacts]] = {}


def _facts(known: MentionIndex) -> _IndexFacts:
    cached = _FACTS_CACHE.get(id(known))
    if cached and cached[0] is known:
        return cached[1]
    stems: dict[tuple[int, str], list[tuple[tuple[str, tuple[str, ...]], ...]]] = {}
    for label in known.labels:
        words = tuple((word, _stems(word)) for word in label.split())
        stems.setdefault((len(words), label[:2]), []).append(words)
    facts = _IndexFacts(
        dotless=frozenset(label.replace(".", "") for label in known.labels),
        stems=stems,
    )
    if len(_FACTS_CACHE) > 8:  # ingest uses one index for many reports; tests build a few
        _FACTS_CACHE.clear()
    _FACTS_CACHE[id(known)] = (known, facts)
    return facts


def _stems(word: str) -> tuple[str, ...]:
    """A label word's stems, without its last vowels ('зеленськ' of 'зеленський'),
    so inflected forms ('Зеленського', 'Куп'янська', 'Kupjansku') still count as
    known. Words under 4 letters have none: they must match whole."""
    if len(word) < 4:
        return ()
    stem = word
    while len(stem) > 4 and len(word) - len(stem) < 2 and stem[-1] in VOWELS:
        stem = stem[:-1]
    if stem == word and word[-2] in "ії":  # Ukrainian і/ї alternate: Харків -> Харкова, Київ -> Києві
        return (stem, *(word[:-2] + vowel + word[-1] for vowel in "оеє"))
    return (stem,)


def _inflection_of_known(words: list[str], facts: _IndexFacts) -> bool:
    for label in facts.stems.get((len(words), words[0][:2]), ()):
        if all(word == whole or any(word.startswith(stem) and len(word) - len(stem) <= 3 for stem in stems) for word, (whole, stems) in zip(words, label)):
            return True
    return False


def _fragments(text: str, spans: list[tuple[int, int]]) -> set[tuple[str, ...]]:
    """Every run of words inside the known names the text mentions: "General Staff"
    after "General Staff of Ukraine's Armed Forces" is the same organization."""
    fragments: set[tuple[str, ...]] = set()
    for words in {tuple(_fold(text[start:end]).split()) for start, end in spans}:
        for i in range(len(words)):
            for j in range(i + 1, len(words) + 1):
                fragments.add(words[i:j])
    return fragments


# --- reading the text ----------------------------------------------------------------


@dataclass(frozen=True)
class _Token:
    text: str
    start: int
    end: int

    @property
    def capitalised(self) -> bool:
        return self.text[0].isupper()


@dataclass(frozen=True)
class _Cue:
    kind: Kind
    strength: int  # 3 strong (a title, an organization word), 2 good (a preposition), 1 weak (an ending)
    reason: str


@dataclass(frozen=True)
class _Sighting:
    spelling: str
    start: int
    initial: bool  # first word of a sentence, where capitals say nothing
    informative: bool  # the capitals or a cue make it a name even at a sentence start
    cues: tuple[_Cue, ...]


@dataclass
class _Report:
    """The text as unknown_names reads it, with what the index knows about it."""

    text: str
    title_case_headings: list[tuple[int, int]]
    spans: list[tuple[int, int]]
    span_starts: list[int]
    span_ends: list[int]
    fragments: set[tuple[str, ...]]
    known: MentionIndex
    facts: _IndexFacts

    def known_between(self, start: int, end: int) -> tuple[int, int] | None:
        """The first known name overlapping [start, end), if any."""
        i = bisect_right(self.span_starts, start) - 1
        if i >= 0 and self.spans[i][1] > start:
            return self.spans[i]
        i = bisect_left(self.span_starts, start)
        if i < len(self.spans) and self.spans[i][0] < end:
            return self.spans[i]
        return None

    def is_initial(self, pos: int) -> bool:
        """Whether the word at `pos` starts a sentence, a line or a title-case heading."""
        if self.in_heading(pos):
            return True
        i = pos - 1
        while i >= 0 and self.text[i] in _SKIPPED_BEFORE_WORD:
            i -= 1
        if i < 0 or self.text[i] in "\n!?…:":
            return True
        if self.text[i] != ".":
            return False
        before = _WORD_BEFORE_DOT.search(self.text, max(0, i - 12), i)
        word = before.group(1) if before else ""
        return not (len(word) == 1 or word in ABBREVIATIONS)  # "Donald J. Trump", "U.S.", "Gen."

    def in_heading(self, pos: int) -> bool:
        return any(start <= pos < end for start, end in self.title_case_headings)


def _plain_text(markdown: str) -> tuple[str, list[tuple[int, int]]]:
    """The text without Markdown escapes and line marks, and where its title-case headings are."""
    lines: list[str] = []
    headings: list[tuple[int, int]] = []
    offset = 0
    for line in unescape_markdown(markdown).split("\n"):
        mark = _MARKDOWN_LINE_MARK.match(line)
        if mark:
            line = line[mark.end():]
            if mark.group(1).startswith("#") and _is_title_case(line):
                headings.append((offset, offset + len(line)))
        lines.append(line)
        offset += len(line) + 1
    return "\n".join(lines), headings


def _is_title_case(line: str) -> bool:
    words = re.findall(rf"{_LETTER}{{4,}}", line)
    return len(words) >= 2 and sum(word[0].isupper() for word in words) >= 0.6 * len(words)


def _runs(report: _Report) -> list[list[_Token]]:
    """Runs of capitalised words, with the lowercase joiners names allow inside."""
    runs: list[list[_Token]] = []
    run: list[_Token] = []
    text = report.text
    for match in _CAPITALISED.finditer(text):
        word = _Token(match.group(), match.start(), match.end())
        possessive = len(word.text) > 3 and word.text[-2] in APOSTROPHES and word.text[-1] in "sS"
        if possessive:
            word = _Token(word.text[:-2], word.start, word.end - 2)
        if _is_known_word(report, word):
            runs.append(run)
            run = []
            continue
        if run and not _joins(report, run, word):
            runs.append(run)
            run = []
        if run:
            run.extend(_Token(gap.group(), gap.start(), gap.end()) for gap in _NON_SPACE.finditer(text, run[-1].end, word.start))
        run.append(word)
        if possessive:  # "Trump's team": the name ends here
            runs.append(run)
            run = []
    runs.append(run)
    return [_extend_slavic_organization(report, run) for run in runs if run]


def _is_known_word(report: _Report, word: _Token) -> bool:
    span = report.known_between(word.start, word.end)
    if span is None:
        return False
    if span[0] <= word.start and span[1] >= word.end:
        return True
    # A known name joined to a new one, "Kupiansk-Vuzlovyi", is a new name; "Ukraine-based" is not.
    parts = word.text.split("-")
    return not any(part[0].isupper() and _fold(part) not in report.known.labels for part in parts)


def _joins(report: _Report, run: list[_Token], word: _Token) -> bool:
    gap = report.text[run[-1].end : word.start]
    if report.known_between(run[-1].end, word.start):
        return False
    if _SPACE_GAP.fullmatch(gap) or _PARTICLE_GAP.fullmatch(gap):
        return True
    if _OF_GAP.fullmatch(gap):
        return any(t.text in ORGANIZATION_WORDS_EN or t.text in OF_HEADS for t in run)
    if _LOWER_GAP.fullmatch(gap):
        return any(_is_slavic_organization_word(w) for w in [*(t.text for t in run), *gap.split()])
    return False


def _extend_slavic_organization(report: _Report, run: list[_Token]) -> list[_Token]:
    """Add the lowercase organization word a Slavic name may go on with: "Генеральний штаб", "Oružane snage"."""
    after = _LOWER_WORDS_AFTER.match(report.text, run[-1].end)
    if not after:
        return run
    for group in (1, 2):
        if after.group(group) and _is_slavic_organization_word(after.group(group)):
            words = [_Token(after.group(g), after.start(g), after.end(g)) for g in range(1, group + 1)]
            return run + words
    return run


def _is_organization_word(word: str) -> bool:
    return word in ORGANIZATION_WORDS_EN or word in ORGANIZATION_WORDS_SLAVIC


def _is_slavic_organization_word(word: str) -> bool:
    # Serbian stems also fit English words ("brigad" in "Brigade"), which do not reach into lowercase words.
    return word in ORGANIZATION_WORDS_SLAVIC and word not in ORGANIZATION_WORDS_EN


def _segments(run: list[_Token]) -> list[tuple[list[_Token], str | None]]:
    """Split a run into names, each with the title the run gives it:
    "Prime Minister Denys Shmyhal" -> ("Denys Shmyhal", "Prime Minister")."""
    capitalised = [t for t in run if t.capitalised]
    if any(_is_organization_word(t.text) for t in capitalised):
        # Slavic names start with the organization word: a title before it is no part ("Речник Генштабу").
        while len(run) > 1 and run[0].text in TITLES and _is_slavic_organization_word(run[1].text):
            run = run[1:]
        # "Generalštaba Andrij Kovaljov": an organization, then a person's name.
        for i, token in enumerate(run[:-1]):
            rest = run[i + 1 :]
            if _is_organization_word(token.text) and rest[0].capitalised and len(rest) >= 2 and not any(_is_organization_word(t.text) for t in rest):
                return [(run[: i + 1], None), (rest, None)]
        return [(run, None)]
    segments: list[tuple[list[_Token], str | None]] = []
    titles: list[str] = []
    current: list[_Token] = []
    for token in run:
        if token.capitalised and token.text in TITLES:
            if len(current) == 1 and not titles:  # one word before a title qualifies it: "Defense Minister"
                titles = [current[0].text]
            elif current:
                segments.append((current, " ".join(titles) or None))
                titles = []
            current = []
            titles.append(token.text)
        else:
            current.append(token)
    if current:
        segments.append((current, " ".join(titles) or None))
    return [(_trim_joiners(tokens), title) for tokens, title in segments if _trim_joiners(tokens)]


def _trim_joiners(tokens: list[_Token]) -> list[_Token]:
    start, end = 0, len(tokens)
    while start < end and not tokens[start].capitalised:
        start += 1
    while end > start and not tokens[end - 1].capitalised and not _is_organization_word(tokens[end - 1].text):
        end -= 1
    return tokens[start:end]


def _context_before(text: str, start: int) -> list[tuple[str, str]]:
    """The two words before `start` on its line, nearest first, each with the
    punctuation that follows it ("director," -> ("director", ","))."""
    window = text[max(0, start - 60) : start]
    window = window[window.rfind("\n") + 1 :]
    words = []
    for token in window.split()[-2:][::-1]:
        word = token.strip(_CONTEXT_PUNCTUATION)
        words.append((word, token[len(token.rstrip(_CONTEXT_PUNCTUATION)) :]))
    return words + [("", "")] * (2 - len(words))


def _word_after(text: str, end: int) -> tuple[str, bool]:
    """The word after `end` (skipping a Serbian auxiliary) and whether it is lowercase."""
    after = _WORD_AFTER.match(text, end)
    if not after:
        return "", False
    word = after.group(1)
    if _fold(word) in SERBIAN_AUXILIARIES and after.group(2):
        word = after.group(2)
    return _fold(word), word[0].islower()


def _is_acronym(word: str) -> bool:
    return 2 <= len(word) <= 6 and word.isalpha() and word.isupper()


def _is_demonym(word: str) -> bool:
    head = word.split("-")[0]  # "Russian-installed"
    if word != head and not word[len(head) + 1 :].islower():
        return False
    folded = _fold(head)
    return head in DEMONYMS or (not head.isupper() and bool(DEMONYM_ENDING.search(folded)) and folded.isascii())


def _sighting(report: _Report, tokens: list[_Token], title: str | None) -> tuple[str, _Sighting] | None:
    text = report.text
    initial = report.is_initial(tokens[0].start)
    if initial:
        # "However Kupiansk ...", "Many Ukrainian soldiers": the first word is no part of a name.
        while tokens and tokens[0].text in COMMON_WORDS:
            tokens = _trim_joiners(tokens[1:])
            initial = False
        if not tokens:
            return None
    tokens, title = _split_office(text, tokens, title)
    capitalised = [t.text for t in tokens if t.capitalised]
    if not capitalised or all(w in COMMON_WORDS or w in CALENDAR_WORDS or w in TITLES for w in capitalised):
        return None
    if len(tokens) == 1:
        word = tokens[0].text
        # A bare "Brigade" or "Oblast" names nothing a record could hold.
        if len(word) == 1 or word in PLAIN_ACRONYMS or _is_demonym(word) or _is_organization_word(word) or word in PLACE_NAME_WORDS:
            return None
    if len(capitalised) > 4:  # title case, not a name
        return None

    words = [_fold(t.text) for t in tokens]
    key = " ".join(words)
    next_word, next_is_lower = _word_after(text, tokens[-1].end)
    acronym = len(tokens) == 1 and _is_acronym(tokens[0].text)
    if (
        key in report.known.labels
        or (acronym and key in report.facts.dotless)
        or tuple(words) in report.fragments
        or (not acronym and _inflection_of_known(words, report.facts))
        or (not acronym and next_is_lower and _inflection_of_known([*words, next_word], report.facts))
    ):
        return None

    cues = _cues(text, tokens, title, next_word, acronym)
    in_heading = report.in_heading(tokens[0].start)
    strong = any(cue.strength >= 3 for cue in cues) or acronym
    informative = strong if in_heading else (not initial or len(capitalised) > 1 or strong)
    spelling = text[tokens[0].start : tokens[-1].end]
    return key, _Sighting(" ".join(spelling.split()), tokens[0].start, initial, informative, tuple(cues))


def _split_office(text: str, tokens: list[_Token], title: str | None) -> tuple[list[_Token], str | None]:
    """After "Minister of" the first words name the office: "Minister of Defense Rustem Umerov"
    is "Rustem Umerov" with the title "Minister of Defense"."""
    (before, before_punct), (before2, before2_punct) = _context_before(text, tokens[0].start)
    if title or len(tokens) < 3 or before.casefold() != "of" or before_punct or before2_punct or before2 not in TITLES:
        return tokens, title
    return tokens[-2:], f"{before2} of {text[tokens[0].start : tokens[-3].end]}"


def _cues(text: str, tokens: list[_Token], title: str | None, next_word: str, acronym: bool) -> list[_Cue]:
    cues: list[_Cue] = []
    (before, before_punct), (before2, before2_punct) = _context_before(text, tokens[0].start)
    for token in tokens:
        if _is_organization_word(token.text):
            cues.append(_Cue("organization", 3, f"'{token.text}' in the name"))
            break
    for token in tokens:
        if token.capitalised and token.text in PLACE_NAME_WORDS:
            cues.append(_Cue("place", 3, f"ends in '{token.text}'" if token is tokens[-1] else f"'{token.text}' in the name"))
            break
    if acronym:
        cues.append(_Cue("organization", 2, "all-caps acronym"))
    if any(cue.kind == "organization" for cue in cues):
        return cues  # the name says what it is; "said" after a ministry makes no person

    if title:
        cues.append(_Cue("person", 3, f"title '{title}' before it"))
    elif before in TITLES and (before_punct in ("", ",") or (before_punct == "." and before in ABBREVIATIONS)):
        cues.append(_Cue("person", 3, f"title '{before}' before it"))
    elif not before_punct and before2 in TITLES and before2_punct == "":
        cues.append(_Cue("person", 3, f"title '{before2}' before it"))
    according = f"{before2} {before}".casefold()
    if according in ACCORDING_TO and not before_punct and not before2_punct:
        cues.append(_Cue("person", 2, f"'{according}' before it"))
    if next_word in REPORTING_VERBS:
        cues.append(_Cue("person", 2, f"'{next_word}' after it"))

    before, before2 = before.casefold(), before2.casefold()
    if not before_punct:
        if before in SETTLEMENT_WORDS:
            cues.append(_Cue("place", 3, f"'{before}' before it"))
        elif before == "of" and before2 in SETTLEMENT_WORDS and not before2_punct:
            cues.append(_Cue("place", 3, f"'{before2} of' before it"))
        elif before in PLACE_PREPOSITIONS:
            cues.append(_Cue("place", 2, f"'{before}' before it"))
        elif before == "the" and before2 in ENGLISH_PLACE_PREPOSITIONS and not before2_punct:
            cues.append(_Cue("place", 2, f"'{before2} the' before it"))
    if next_word in PLACE_AFTER:
        cues.append(_Cue("place", 3, f"'{next_word}' after it"))
    ending = _place_ending(_fold(tokens[-1].text))
    if ending:
        cues.append(_Cue("place", 1, f"ends in '-{ending}'"))

    capitalised = sum(t.capitalised for t in tokens)
    if 2 <= capitalised <= 3 and not any(cue.kind in ("place", "organization") for cue in cues):
        cues.append(_Cue("person", 1, f"{'two' if capitalised == 2 else 'three'} capitalised words"))
    return cues


# --- the list --------------------------------------------------------------------------


def unknown_names(text: str, known: MentionIndex, limit: int = 30) -> list[NameCandidate]:
    """Names in `text` (a report body, Markdown or plain) that look like a person,
    place or organization and that `known` does not resolve, most frequent first."""
    plain, headings = _plain_text(text)
    facts = _facts(known)
    spans = [(start, end) for start, end, _kind, _id in known.spans(plain)]
    report = _Report(plain, headings, spans, [start for start, _ in spans], [end for _, end in spans], _fragments(plain, spans), known, facts)

    sightings: dict[str, list[_Sighting]] = {}
    for run in _runs(report):
        if len(run) == 1 and run[0].text in COMMON_WORDS:  # "The", "However": most runs, and never names
            continue
        for tokens, title in _segments(run):
            found = _sighting(report, _with_known_head(report, tokens), title)
            if found:
                sightings.setdefault(found[0], []).append(found[1])
    _merge_surnames(sightings)

    candidates = []
    for seen in sightings.values():
        if not any(s.informative for s in seen):
            continue
        longest = max(len(s.spelling.split()) for s in seen)
        name = Counter(s.spelling for s in seen if len(s.spelling.split()) == longest).most_common(1)[0][0]
        kind, cue = _verdict(seen)
        example = _sentence_around(report, seen[0].start)
        candidates.append((cue.strength, NameCandidate(name, kind, len(seen), cue.reason, example)))
    candidates.sort(key=lambda item: (-item[1].count, -item[0], item[1].name.casefold(), item[1].name))
    return [candidate for _strength, candidate in candidates[:limit]]


def _with_known_head(report: _Report, tokens: list[_Token]) -> list[_Token]:
    """A lone "Oblast" right after a known "Kharkiv" is the name "Kharkiv Oblast"."""
    if len(tokens) != 1 or not (tokens[0].text in PLACE_NAME_WORDS or _is_organization_word(tokens[0].text)):
        return tokens
    i = bisect_left(report.span_ends, tokens[0].start - 1)
    if i < len(report.spans) and _SPACE_GAP.fullmatch(report.text[report.spans[i][1] : tokens[0].start]):
        start, end = report.spans[i]
        return [_Token(report.text[start:end], start, end), *tokens]
    return tokens


def _merge_surnames(sightings: dict[str, list[_Sighting]]) -> None:
    """Count a surname ("Besedin said") with the one full name it ends ("Andriy Besedin")."""
    full_names: dict[str, list[str]] = {}
    for key, seen in sightings.items():
        words = key.split()
        if len(words) == 2 and _verdict(seen)[0] == "person":
            full_names.setdefault(words[1], []).append(key)
    for surname, keys in full_names.items():
        if len(keys) == 1 and surname in sightings and _verdict(sightings[surname])[0] in ("person", "unknown"):
            merged = sightings[keys[0]] + sightings.pop(surname)
            sightings[keys[0]] = sorted(merged, key=lambda s: s.start)


def _place_ending(word: str) -> str | None:
    for suffix in PLACE_SUFFIXES:
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            return suffix
    # Cyrillic place names are inflected: "Синьківки", "Вовчанськом".
    for cut in (1, 2, 3):
        if word[:-cut].endswith(INFLECTED_PLACE_STEMS) and len(word) > cut + 5 and not word.isascii():
            return word[-cut - 3 :]
    return None


def _verdict(seen: list[_Sighting]) -> tuple[Kind, _Cue]:
    """The kind whose cues weigh most over all sightings, and its strongest cue."""
    cues = [cue for s in seen for cue in s.cues]
    if not cues:
        mid_sentence = sum(not s.initial for s in seen)
        times = "once" if mid_sentence == 1 else f"{mid_sentence} times"
        return "unknown", _Cue("unknown", 0, f"appears {times} capitalised mid-sentence")
    # On a tie the name's own words ("Ministry", "Oblast") outweigh its context: organization, place, person.
    kind: Kind = max(
        ("organization", "place", "person"),
        key=lambda k: (sum(c.strength for c in cues if c.kind == k), max((c.strength for c in cues if c.kind == k), default=0)),
    )
    strongest = max((c for c in cues if c.kind == kind), key=lambda c: c.strength)  # first of the strongest
    return kind, strongest


def _sentence_around(report: _Report, pos: int) -> str:
    """The sentence around `pos`, cut to about EXAMPLE_LENGTH characters."""
    text = report.text
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    end = len(text) if end == -1 else end
    for gap in _SENTENCE_GAP.finditer(text, start, end):
        if not report.is_initial(gap.end()):
            continue
        if gap.end() <= pos:
            start = gap.end()
        else:
            end = gap.end()
            break
    raw = text[start:end]
    sentence = raw.strip()
    if len(sentence) <= EXAMPLE_LENGTH:
        return sentence
    # Keep the name in view, cut at spaces.
    at = pos - start - (len(raw) - len(raw.lstrip()))
    left = max(0, min(at - EXAMPLE_LENGTH // 3, len(sentence) - EXAMPLE_LENGTH))
    right = left + EXAMPLE_LENGTH
    snippet = sentence[left:right]
    if left > 0:
        snippet = "…" + snippet[snippet.find(" ") + 1 :]
    if right < len(sentence):
        snippet = snippet[: snippet.rfind(" ")] + "…"
    return snippet
