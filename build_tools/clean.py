"""Find the story in a page's visible text and drop everything else.

A capture is a page as a browser copy or text dump gives it: one block per
line, with menus, appeals, forms, captions and teasers around the story. Each
line is classified by generic cues first (its shape, its neighbours, phrases
that mark page furniture in any outlet); an outlet's profile only adds the
patterns that truly belong to that outlet.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .metadata import ambiguous_date_in_line, find_authors_in_line, find_date_in_line

# Page furniture that any outlet may carry, matched against a whole stripped line.
GENERIC_FURNITURE = [
    r"skip to (main )?content",
    r"this audio is created with ai assistance",
    r"\*? ?indicates required",
    r"subscribe( now)?",
    r"sign up( now)?",
    r"enter your email( to subscribe)?\.?",
    r"please,? enter (a )?(correct|valid) email address\.?",
    r"success(ful)?ly subscribed!?",
    r"thank you for signing up.*",
    r"we.ve sent you a confirmation email\.?",
    r"(read|show|load|see) more",
    r"news feed",
    r"editors?.? picks",
    r"most (read|popular)",
    r"related( articles| stories| news)?:?",
    r"share( this( article)?)?:?",
    r"advertisement",
    r"avatar",
    r"bonus video:?",
    r"(visa|mastercard|american ?express|paypal)( ?(visa|mastercard|american ?express|paypal))+",
    r"\d+ min(ute)?s? read",
    r"[\d.,]+ views?( [\d.,]+ comments?(\(s\))?)?",
    r"[\d.,]+ comments?(\(s\))?",
    r"\d[\d,]* out of [\d,]+",
    r"(become|support us|donate|join us)( as)?( a)? (member|supporter|now).*",
    r"become a member( gift membership)?",
    r"[a-z]{1,4}(/[a-z]{1,4})+ \([^()]*\)",  # editors' initials and agencies: "mf/ab (Reuters, AFP)"
]
GENERIC_FURNITURE_RE = re.compile("|".join(f"(?:{p})" for p in GENERIC_FURNITURE), re.IGNORECASE)

# Where the story ends and readers' comments begin: a wall the story's stretch does not cross.
COMMENTS_RE = re.compile(
    r"^(\d+ )?(comments?|responses?|replies|reactions?)( to\b.*)?:?$"
    r"|^(all|show|view|load|read) (\d+ )?comments\b.*"
    r"|^(leave|post|add|write) a (reply|comment|response)\b.*"
    r"|^(join|start) the (discussion|conversation)\b.*"
    r"|^you must (be )?log(ged)? ?in to (post|leave) a comment\.?$"
    r"|^.{1,60} (says|said|wrote|replied):$"
    r"|^(kommentare?|commenti|comentários|комментари\w*|коментар\w*|komentari)\b.*",
    re.IGNORECASE,
)
# Headers of the page's other lists (related stories, tags, sharing): often inside the story too,
# so they weigh against a stretch without walling it off.
SECTION_RE = re.compile(
    r"^(related|recommended|trending|popular|latest|more)( \w+){0,3}:?$"
    r"|^(you (may|might) (also )?like|read (next|also|more)|see also|also read|more from|more in|more on|most (read|viewed|popular|shared|commented))\b.*"
    r"|^(filed under|tags?|topics?|categories|posted in)\b.*"
    r"|^(about the author|share this( article| story)?|share on)\b.*"
    r"|^(ähnliche artikel|articoli correlati|leia também|читайте также|читайте також|pročitajte još)\b.*",
    re.IGNORECASE,
)

# Appeals for money or sign-ups: two distinct cues in a line that addresses the reader.
APPEAL_CUES = [re.compile(p, re.IGNORECASE) for p in (
    r"\bmembers?(hip)?s?\b", r"\bsupporters?\b|\bsupport (us|our)\b", r"\bdonat\w*", r"\bcontribut\w*",
    r"\bfund(ed)? (by )?(our|the) (mission|journalism|reporting|readers)", r"\bour (journalism|reporting|mission|community)\b",
    r"\breaders\b", r"\bhelp us\b", r"\bsubscri\w*", r"\bgift\w*", r"\bpaywall\b", r"\bnewsletters?\b",
    r"\be-?mail\b", r"\bactivat\w*", r"\bstay (up to date|informed|tuned|connected)\b", r"\bsign(ed)? up\b", r"\binbox\b",
    r"\bnews ?service\b", r"\bno thanks\b",
)]
READER_ADDRESS_RE = re.compile(r"\b(you|your|us|our|we|we're|we’re)\b", re.IGNORECASE)


# One pass that tells whether any cue is present at all: most lines have none.
ANY_APPEAL_CUE_RE = re.compile("|".join(f"(?:{cue.pattern})" for cue in APPEAL_CUES), re.IGNORECASE)


def is_appeal(line: str) -> bool:
    if not ANY_APPEAL_CUE_RE.search(line):
        return False
    cues = sum(1 for cue in APPEAL_CUES if cue.search(line))
    # A long paragraph may mention e-mail and support in passing; an appeal is short or insistent.
    return cues >= (3 if words(line) > 30 else 2) and (bool(READER_ADDRESS_RE.search(line)) or words(line) <= 15)


# Consent banners and site notices speak about the site, not the story.
SITE_NOTICE_RE = re.compile(
    r"\bcookies?\b.*\b(website|site|browser|browsing|consent|experience|privacy|accept|settings?)\b"
    r"|\b(website|site|browsing|we use)\b.*\bcookies?\b"
    r"|\b(enable|requires?) javascript\b|\bjavascript (is )?(disabled|required)\b"
    r"|\b(privacy|cookie) (policy|settings|overview|notice)\b"
    r"|\ball rights reserved\b"
    r"|\(opens in (a )?new (window|tab)\)|^click (here )?to (share|email|print|tweet)\b"
    r"|\bregistered trademarks?\b|\bsubject to copyright\b|\bpersonal,? non-commercial use\b|\bsubscriber agreement\b"
    r"|\bterms of (use|service)\b|\bconsult your (physician|doctor)\b",
    re.IGNORECASE,
)
# "NAME is a reporter for ...": the author's biography under the story.
AUTHOR_BIO_RE = re.compile(
    r"^\w[\w.'’-]+( \w[\w.'’-]+){0,3} (is|was|has been) (a|an|the)\b.{0,120}\b(reporter|editor|writer|correspondent|journalist|columnist|contributor|blogger|producer|photographer)\b",
)

# Words at least one SITE_NOTICE_RE branch needs: a cheap test that spares most lines the regex.
SITE_NOTICE_WORDS = ("cookie", "javascript", "privacy", "rights reserved", "new window", "new tab", "click", "trademark",
                     "copyright", "non-commercial", "subscriber agreement", "terms of", "consult your")


def is_site_notice(line: str) -> bool:
    lowered = line.lower()
    return any(word in lowered for word in SITE_NOTICE_WORDS) and bool(SITE_NOTICE_RE.search(line))


# Sharing and following buttons: a short line that names social networks.
SOCIAL_RE = re.compile(r"\b(facebook|twitter|whatsapp|linkedin|pinterest|reddit|telegram|instagram|youtube|viber|e-?mail|print|copy link)\b", re.IGNORECASE)


# Remarks a capture makes about itself: kept as notes, not as story.
NOTE_RE = re.compile(
    r"^(disclaimer: .*(translat|ai ).*|editor.s note: .*|this (article|story) (was|has been) (machine|automatically) translated.*)$",
    re.IGNORECASE,
)
# A photo or map caption: ends with a credit in parentheses, or names a photo source.
CAPTION_RE = re.compile(
    r"(\((?=[^()]*(/| via |getty|reuters|afp|ap photo|epa|photo|credit))[^()]{2,120}\)\.?$)|((^|, )(photo|foto|credit|image|illustration)s?: [^.]{2,60}$)",
    re.IGNORECASE,
)
BULLET_RE = re.compile(r"^\s*(?:[•·▪●◦‣∙*]|-(?=\s))\s*(.+)$")
SENTENCE_END = ('.', '!', '?', '"', '”', '’', "'", '»', ':', ';', '…', ')')
CUT_OFF_END = ("…", "...")


@dataclass
class Cleaned:
    title: str | None = None
    date: str | None = None
    authors: list[str] = field(default_factory=list)
    outlet: str | None = None  # the name the page gives its publisher
    language: str | None = None
    blocks: list[str] = field(default_factory=list)  # Markdown blocks of the body
    captions: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)  # field -> where the capture states it
    ambiguous_date: str | None = None  # a dateline like 03/04/2024 that the outlet's locale cannot settle

    def set(self, name: str, value, source: str) -> None:
        setattr(self, name, value)
        self.sources[name] = source

    @property
    def date_source(self) -> str | None:
        return self.sources.get("date")

    @property
    def body(self) -> str:
        return "\n\n".join(self.blocks) + "\n"


def words(line: str) -> int:
    return len(line.split())


def is_headline_like(line: str) -> bool:
    """A short line without a sentence end: a headline, a section title or a menu entry."""
    stripped = line.rstrip()
    if not stripped or words(stripped) > 25:
        return False
    if stripped.endswith("?") and words(stripped) <= 20:
        return stripped[0].isupper() or stripped[0] in "'‘\"“"
    return not stripped.endswith(SENTENCE_END + (",",)) and (stripped[0].isupper() or stripped[0].isdigit() or stripped[0] in "'‘\"“")


def is_paragraph(line: str) -> bool:
    stripped = line.rstrip()
    return bool(stripped) and stripped.endswith(SENTENCE_END) and not stripped.endswith(CUT_OFF_END)


def is_cut_off_snippet(line: str) -> bool:
    """A teaser's snippet: long text that stops mid-sentence."""
    stripped = line.rstrip()
    if stripped.endswith(CUT_OFF_END):
        return words(stripped) >= 8
    return words(stripped) >= 25 and not stripped.endswith(SENTENCE_END + (",",))


# Short words that prose writes in lower case and English headlines capitalise.
_HEADLINE_CASE_WORDS = {
    "A", "An", "The", "Of", "In", "On", "To", "For", "And", "At", "With", "From", "By", "Is", "Are", "Its", "As", "Into",
    "After", "Over", "About", "Up", "Out", "Off", "Be", "Will", "Can", "Has", "Have", "Was", "Were", "Not", "Your", "Our",
    "Their", "His", "Her", "Than", "Amid", "Says", "Gets", "More", "Here", "What", "How", "Why", "Who", "When", "This", "That",
}


def starts_with_headline(line: str) -> bool:
    """A teaser that glues another story's headline to its snippet: 'Mayor Says No To Plan The mayor said…'."""
    tokens = line.split()[:12]
    capitalised = 0
    for position, token in enumerate(tokens[1:], start=1):
        if token in _HEADLINE_CASE_WORDS and not tokens[position - 1].endswith((".", ":", "?", "!", "—", "-")):
            capitalised += 1
    return capitalised >= 2


def split_glued_date(line: str) -> tuple[str, str | None]:
    """'Trump talksNovember 14, 2024' -> ('Trump talks', '2024-11-14')."""
    match = re.search(r"(?<=[a-z])((?:January|February|March|April|May|June|July|August|September|October|November|December) \d{1,2}, \d{4})$", line)
    if not match:
        return line, None
    found = find_date_in_line(match.group(1))
    return line[: match.start()].rstrip(), found[0] if found else None


_MARKDOWN_INLINE_MARKS = re.compile(r"([`*_\[\]])")
_MARKDOWN_LINE_START = re.compile(r"^(#|>|\d+\.(?=\s)|[-+](?=\s))")


def escape_markdown(text: str) -> str:
    """Make capture text literal in Markdown: it is data, not markup."""
    text = text.replace("\\", "\\\\").replace("&", "&amp;").replace("<", "&lt;")
    text = _MARKDOWN_INLINE_MARKS.sub(r"\\\1", text)
    return _MARKDOWN_LINE_START.sub(r"\\\1", text)


def unescape_markdown(text: str) -> str:
    text = re.sub(r"\\([\\`*_\[\]#>.+-])", r"\1", text)
    return text.replace("&lt;", "<").replace("&amp;", "&")


def clean_text(
    text: str, boilerplate: list[str] | None = None, known_outlet_names: list[str] | None = None, locale: str | None = None
) -> Cleaned:
    """`locale` (the outlet's language, e.g. "en-US" or "uk") settles dates such as 03/04/2024."""
    outlet_furniture = [re.compile(p, re.IGNORECASE) for p in (boilerplate or [])]
    outlet_names = [n.casefold() for n in (known_outlet_names or []) if n]
    result = Cleaned()
    lines = [re.sub(r"[ \t\u00a0]+", " ", raw).strip() for raw in text.split("\n")]

    # A capture tool may prefix the first line with `date YYYY-MM-DD`.
    if lines and (header := re.match(r"^date (\d{4}-\d{2}-\d{2})\s*(.*)$", lines[0])):
        result.set("date", header.group(1), "capture header")
        lines[0] = header.group(2)

    kinds: list[str] = []
    for index, line in enumerate(lines):
        kinds.append(classify_line(line, result, outlet_furniture, outlet_names, locale))
        if kinds[-1] == "glued-title":
            lines[index], glued = split_glued_date(line)
            if glued and not result.date:
                result.set("date", glued, "line under the headline")
            kinds[-1] = "text"

    _drop_author_bios(lines, kinds, result.authors)
    _drop_teasers(lines, kinds)
    _drop_repeats(lines, kinds)
    _keep_main_stretch(lines, kinds)
    _assemble(lines, kinds, result)
    return result


def classify_line(line: str, result: Cleaned, outlet_furniture: list[re.Pattern], outlet_names: list[str], locale: str | None = None) -> str:
    if not line:
        return "blank"
    if any(p.fullmatch(line) for p in outlet_furniture) or GENERIC_FURNITURE_RE.fullmatch(line) or is_appeal(line) or is_site_notice(line) or (
        words(line) <= 8 and SOCIAL_RE.search(line) and not is_paragraph(line)
    ):
        return "furniture"
    if AUTHOR_BIO_RE.match(line):
        return "bio"
    if NOTE_RE.match(line):
        result.notes.append(line)
        return "note"
    byline_authors, rest = find_authors_in_line(line)
    if byline_authors is not None:
        for name in byline_authors:
            if name not in result.authors:
                result.authors.append(name)
                result.sources.setdefault("authors", f"byline '{line}'")
        found = find_date_in_line(rest, locale)
        if found and (not result.date or result.date_source == "capture header"):
            result.set("date", found[0], f"byline '{line}'")
        return "byline"
    found = find_date_in_line(line, locale)
    if found and found[1].strip(" .:-|h") == "":
        # The first dateline is the story's; later ones date comments and other stories.
        if not result.date:
            result.set("date", found[0], f"dateline '{line}'")
        return "dateline"
    if not found and words(line) <= 8 and result.ambiguous_date is None:
        result.ambiguous_date = ambiguous_date_in_line(line, locale)
    if CAPTION_RE.search(line) and words(line) <= 70:
        if line not in result.captions:
            result.captions.append(line)
        return "caption"
    lowered = line.casefold()
    if words(line) <= 8 and not is_paragraph(line) and (
        any(lowered.startswith(name) and len(lowered) > len(name) for name in outlet_names)
        or re.search(r"[a-z][A-Z][a-z]+ [A-Z][a-z]+$", line)
    ):
        return "teaser-byline"  # outlet and author glued together: "The Kyiv IndependentKateryna Denisova"
    if split_glued_date(line)[1]:
        return "glued-title"
    return "text"


def _next_text(kinds: list[str], start: int) -> int | None:
    return next(iter(_next_texts(kinds, start, 1)), None)


def _next_texts(kinds: list[str], start: int, count: int) -> list[int]:
    found = []
    for index in range(start, len(kinds)):
        if len(found) == count:
            break
        if kinds[index] != "blank":
            found.append(index)
    return found


def _drop_author_bios(lines: list[str], kinds: list[str], authors: list[str]) -> None:
    """`Avatar / Name / Job title / Name is a ...` at the foot of a story."""
    for index, line in enumerate(lines):
        if kinds[index] != "furniture" or line.casefold() != "avatar":
            continue
        name_at = _next_text(kinds, index + 1)
        if name_at is None or words(lines[name_at]) > 5:
            continue
        name = lines[name_at]
        kinds[name_at] = "byline"
        if name not in authors:
            authors.append(name)
        cursor = name_at + 1
        while (cursor := _next_text(kinds, cursor)) is not None and kinds[cursor] == "text":
            if lines[cursor].startswith(name) or (words(lines[cursor]) <= 5 and is_headline_like(lines[cursor])):
                kinds[cursor] = "bio"
                cursor += 1
            else:
                break


def _drop_teasers(lines: list[str], kinds: list[str]) -> None:
    """A headline followed by a cut-off snippet (or by a teaser byline) links to another story.

    So does a headline printed twice within a few lines (as a link and as its image's text)
    above a snippet: a story's own subheadings appear once.
    """
    for index, kind in enumerate(kinds):
        if kind != "text" or not is_headline_like(lines[index]):
            continue
        snippet_at = _next_text(kinds, index + 1)
        if snippet_at is None:
            continue
        snippet = lines[snippet_at]
        after = _next_text(kinds, snippet_at + 1)
        followed_by_byline = after is not None and kinds[after] == "teaser-byline"
        # The same headline again within a few lines (as a link and as its image's text).
        nearby = _next_texts(kinds, index + 1, 3)
        repeat_at = next((i for i in nearby if lines[i] == lines[index]), None)
        printed_twice = False
        if repeat_at is not None and words(lines[index]) >= 4:
            snippet_at = _next_text(kinds, repeat_at + 1)
            if snippet_at is None:
                continue
            snippet = lines[snippet_at]
            # A teaser's snippet stands alone; a table's header repeats above rows of data.
            following = _next_text(kinds, snippet_at + 1)
            printed_twice = is_paragraph(snippet) and (following is None or kinds[following] != "text" or not is_paragraph(lines[following]))
        if kinds[snippet_at] != "text":
            continue
        if is_cut_off_snippet(snippet) or followed_by_byline or printed_twice:
            for teaser in range(index, snippet_at + 1):
                if kinds[teaser] == "text":
                    kinds[teaser] = "teaser"


def _drop_repeats(lines: list[str], kinds: list[str]) -> None:
    seen: set[str] = set()
    for index, kind in enumerate(kinds):
        if kind == "text":
            if lines[index] in seen:
                kinds[index] = "repeat"
            seen.add(lines[index])


def line_score(line: str, kind: str) -> float:
    """How much a line looks like story text: positive for paragraphs, negative for page furniture."""
    if kind == "blank":
        return 0.0
    if COMMENTS_RE.match(line):
        return WALL
    if SECTION_RE.match(line):
        return SECTION
    if kind != "text":
        return -1.0
    if BULLET_RE.match(line):
        return words(line) * 0.5
    if is_cut_off_snippet(line) or starts_with_headline(line):
        return -words(line) / 2
    if is_paragraph(line) and words(line) >= 5:
        return float(words(line))
    return -2.0


def best_stretch(scores: list[float]) -> tuple[int, int]:
    """The contiguous run of lines with the highest total score (Kadane), as (first, last)."""
    best, best_span = 0.0, (0, -1)
    total, start = 0.0, 0
    for index, score in enumerate(scores):
        if total <= 0:
            total, start = 0.0, index
        total += score
        if total > best:
            best, best_span = total, (start, index)
    return best_span


def _keep_main_stretch(lines: list[str], kinds: list[str]) -> None:
    """Text below the story's densest stretch belongs to other stories, lists and comments."""
    scores = [line_score(line, kind) for line, kind in zip(lines, kinds)]
    # A page that repeats datelines or bylines lists things (comments, other stories): each
    # repetition after the first starts another item, not more of the story.
    stamps = [i for i, kind in enumerate(kinds) if kind in ("dateline", "byline")]
    if len(stamps) >= 3:
        for index in stamps[1:]:
            scores[index] = WALL
    first, last = best_stretch(scores)
    if last < first:
        return
    last = max(last, _mark_introduced_lists(lines, kinds, first, last))
    for index in range(last + 1, len(lines)):
        if kinds[index] == "text":
            kinds[index] = "after-story"
    # What stands above is the headline, the standfirst and the page's menus.
    title = _choose_title(lines, kinds, first)
    if title is not None:
        kinds[title] = "text"  # it may have been a repeat; as the first text left, the title rule takes it
        for index in range(title):
            if kinds[index] == "text":
                kinds[index] = "above-title"
    else:
        above = [i for i in range(first) if kinds[i] == "text"]
        for index in above[:-6]:
            kinds[index] = "above-title"


TITLE_WINDOW = 30  # lines above the story's first paragraph where its headline may stand


def _choose_title(lines: list[str], kinds: list[str], first: int) -> int | None:
    """The headline: a line of headline shape close above the story, best of all right above its
    byline or dateline, longer rather than a two-word menu entry."""
    above = [i for i in range(first - 1, -1, -1) if kinds[i] != "blank"][:TITLE_WINDOW]  # nearest first
    dated = {i for i in above if kinds[i] in ("byline", "dateline", "caption") or (words(lines[i]) <= 15 and find_date_in_line(lines[i]))}
    best, best_score = None, 0.0
    for distance, index in enumerate(above):
        line = lines[index]
        if index in dated or not _headline_candidate(lines, kinds, index):
            continue
        if COMMENTS_RE.match(line) or SECTION_RE.match(line):
            continue
        score = min(words(line), 12) / 2 - 0.3 * distance
        if any(i in dated for i in above[max(0, distance - 4):distance]):
            score += 4
        if "|" in line or line.startswith("Home "):  # a title bar or a breadcrumb trail
            score -= 3
        if score > best_score:
            best, best_score = index, score
    # A long headline-shaped line right under another headline is its standfirst.
    if best is not None and words(lines[best]) >= 10:
        previous = next((i for i in range(best - 1, -1, -1) if kinds[i] != "blank"), None)
        if previous is not None and _headline_candidate(lines, kinds, previous):
            return previous
    return best


def _headline_candidate(lines: list[str], kinds: list[str], index: int) -> bool:
    return kinds[index] in ("text", "repeat") and 3 <= words(lines[index]) <= 25 and is_headline_like(lines[index])


def _mark_introduced_lists(lines: list[str], kinds: list[str], first: int, last: int) -> int:
    """Lines packed right under a sentence that ends in ':' are its list (dates, ingredients, results).

    Returns the last line of such a list, which may lie past the stretch: the lines are short
    and score low on their own.
    """
    end = last
    for index in range(first, last + 1):
        if kinds[index] != "text" or not lines[index].endswith(":") or words(lines[index]) < 3:
            continue
        cursor = index + 1
        while cursor < len(lines) and kinds[cursor] == "text" and _is_list_item(lines[cursor]):
            cursor += 1
        if cursor - index - 1 >= 2:  # one short line under a colon is a subheading, not a list
            for item in range(index + 1, cursor):
                kinds[item] = "item"
            end = max(end, cursor - 1)
    return end


def _is_list_item(line: str) -> bool:
    return not BULLET_RE.match(line) and words(line) <= 20 and not (is_paragraph(line) and words(line) > 8)


WALL = -40.0
SECTION = -8.0


def _assemble(lines: list[str], kinds: list[str], result: Cleaned) -> None:
    texts = [i for i, kind in enumerate(kinds) if kind == "text"]
    # The title is the first headline of three words or more near the top; what stands above it
    # (section labels, appeals) is page furniture. A line of ten words or more right under the
    # title is its standfirst, part of the story.
    standfirst = None
    for position, index in enumerate(texts[:6]):
        line = lines[index]
        if words(line) >= 3 and (is_headline_like(line) or (line.endswith(":") and words(line) <= 8)):
            result.set("title", line.rstrip(":").strip(), "first headline-like line near the top")
            kinds[index] = "title"
            for above in texts[:position]:
                kinds[above] = "above-title"
            if position + 1 < len(texts) and is_headline_like(lines[texts[position + 1]]) and words(lines[texts[position + 1]]) >= 10:
                standfirst = texts[position + 1]
            break
    texts = [i for i, kind in enumerate(kinds) if kind in ("text", "item")]
    # Headline-like lines with no story after them (menus, the next story's teaser) are dropped,
    # and so is anything after the last paragraph.
    last_paragraph = max((i for i in texts if is_paragraph(lines[i]) or BULLET_RE.match(lines[i]) or kinds[i] == "item"), default=-1)
    for position, index in enumerate(texts):
        line = lines[index]
        if index > last_paragraph:
            break
        bullet = BULLET_RE.match(line)
        if bullet:
            result.blocks.append("- " + escape_markdown(bullet.group(1).strip()))
            continue
        if kinds[index] == "item":
            result.blocks.append("- " + escape_markdown(line))
            continue
        if is_headline_like(line) and index != standfirst:
            following = texts[position + 1] if position + 1 < len(texts) else None
            if following is not None and (is_paragraph(lines[following]) or BULLET_RE.match(lines[following])):
                result.blocks.append("## " + escape_markdown(line))
            continue
        result.blocks.append(escape_markdown(line))
    result.blocks = merge_lists(result.blocks)


def merge_lists(blocks: list[str]) -> list[str]:
    """Consecutive list items form one Markdown list."""
    merged: list[str] = []
    for block in blocks:
        if merged and block.startswith("- ") and merged[-1].startswith("- "):
            merged[-1] += "\n" + block
        else:
            merged.append(block)
    return merged
