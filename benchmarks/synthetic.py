"""Write a seeded synthetic archive of any size, for scale benchmarks.

The content folder it writes looks like content/: places in a `within`
hierarchy (countries > oblasts > raions > hromadas > towns and villages) with
coordinates and Latin and Cyrillic aliases, people with spelling variants and
roles, organizations, outlets, articles of 600-1,200 words with their raw
captures and SHA-256, and events with claims whose quotes occur verbatim in the
articles they cite. It passes `chronicle validate` at any size.

`--pages N` is the number of record pages the site gets (events + articles +
places + people + organizations + outlets): about 40% articles, 38% events, 12%
places, 8% people, 1.5% organizations and 0.5% outlets. The same seed and N
give the same bytes.

    .venv/bin/python -m benchmarks.synthetic --pages 20000 --out /tmp/synth20k
    .venv/bin/python -m benchmarks.synthetic --pages 1000 --seed 7 --out /tmp/synth1k
"""

from __future__ import annotations

import argparse
import bisect
import datetime as dt
import hashlib
import html
import json
import random
import re
import sys
import time
from pathlib import Path
from string import Formatter
from urllib.parse import quote as url_quote

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from build_tools.characters import skeleton
from build_tools.ingest import slugify
from build_tools.models import ID_RE, MAX_ALIASES
from build_tools.validate import normalise_for_quote

KINDS = ("events", "articles", "places", "people", "organizations", "outlets")
FOLDERS = (*KINDS, "raw", "pages")
SHARES = {"articles": 0.40, "events": 0.38, "places": 0.12, "people": 0.08, "organizations": 0.015, "outlets": 0.005}
MINIMUM = {"articles": 8, "events": 6, "places": 10, "people": 5, "organizations": 4, "outlets": 3}

FIRST_DAY = dt.date(2022, 2, 24)
LAST_DAY = dt.date(2025, 10, 31)  # well before today: no record is dated in the future
WORDS_MIN, WORDS_MAX = 600, 1200
MAX_EVENTS_PER_ARTICLE = 4
MAX_QUOTES_PER_ARTICLE = 6

# --------------------------------------------------------------------------------------
# Counts


def plan_counts(pages: int) -> dict[str, int]:
    """Records per kind: the shares of `pages`, at least a handful each, summing to `pages`
    (events take up the rounding) unless the minimums alone exceed it."""
    if pages < 1:
        raise ValueError("pages must be at least 1")
    counts = {kind: max(MINIMUM[kind], round(pages * SHARES[kind])) for kind in ("articles", "places", "people", "organizations", "outlets")}
    counts["events"] = max(MINIMUM["events"], pages - sum(counts.values()))
    return {kind: counts[kind] for kind in KINDS}


# --------------------------------------------------------------------------------------
# Names: Latin (Ukrainian romanisation) parts turned into Cyrillic and Russian forms

_UK_DIGRAPHS = [("shch", "щ"), ("zh", "ж"), ("kh", "х"), ("ts", "ц"), ("ch", "ч"), ("sh", "ш"), ("ia", "я"), ("iu", "ю"), ("ie", "є"), ("yi", "ї")]
_UK_LETTERS = dict(zip("abvhgdezyiklmnoprstuf", "абвгґдезиіклмнопрстуф"))
_RU_DIGRAPHS = [("shch", "щ"), ("zh", "ж"), ("kh", "х"), ("ts", "ц"), ("ch", "ч"), ("sh", "ш"), ("ya", "я"), ("yu", "ю"), ("ye", "е"), ("iy", "ий")]
_RU_LETTERS = dict(zip("abvgdezyiklmnoprstuf", "абвгдезыиклмнопрстуф"))
_LABIALS = set("bpvmfr")


def _to_cyrillic(latin: str, digraphs: list[tuple[str, str]], letters: dict[str, str], apostrophe: bool) -> str:
    text = latin.lower()
    if apostrophe and text.endswith("yi") and len(text) > 3:  # adjectival surnames: -skyi -> -ський, -nyi -> -ний
        stem = _to_cyrillic(latin[:-2], digraphs, letters, False)
        return (stem[:-2] + "ськ" if stem.endswith("ск") else stem) + "ий"
    out, i = [], 0
    while i < len(text):
        for lat, cyr in digraphs:
            if text.startswith(lat, i):
                if apostrophe and cyr in "яюєї" and i and text[i - 1] in _LABIALS:
                    out.append("ʼ")
                out.append(cyr)
                i += len(lat)
                break
        else:
            out.append(letters.get(text[i], text[i]))
            i += 1
    word = "".join(out)
    if apostrophe:  # Ukrainian softens -sk: Kupiansk -> Купʼянськ, -ske -> -ське
        word = re.sub(r"ськ?$", "ськ", re.sub(r"ск(?=$|е$|а$)", "ськ", word)) if word.endswith(("ск", "ске", "ска")) else word
        word = re.sub(r"ец$", "ець", word)
    return word


def uk_cyrillic(latin: str) -> str:
    return " ".join(w[:1].upper() + w[1:] for w in (_to_cyrillic(part, _UK_DIGRAPHS, _UK_LETTERS, True) for part in latin.split(" ")))


def ru_cyrillic(latin: str) -> str:
    return " ".join(w[:1].upper() + w[1:] for w in (_to_cyrillic(part, _RU_DIGRAPHS, _RU_LETTERS, False) for part in latin.split(" ")))


def ru_latin(uk_latin: str) -> str:
    """How Russian-language reports spell a Ukrainian-looking name: h -> g, y -> i, ii -> iy."""
    word = uk_latin.replace("H", "G").replace("h", "g").replace("Kg", "Kh").replace("kg", "kh").replace("zg", "zh").replace("sg", "sh").replace("cg", "ch").replace("Zg", "Zh").replace("Sg", "Sh").replace("Cg", "Ch")
    word = re.sub(r"(?<=[^aeiou])y(?![aeiou])", "i", word)
    return word.replace("iia", "iya").replace("ii", "iy").replace("ia", "ya").replace("iu", "yu")


def alt_latin(uk_latin: str) -> str:
    """Another common romanisation: ia -> ya, iu -> yu, ii -> iy, yi -> yi kept."""
    return uk_latin.replace("iia", "iya").replace("ia", "ya").replace("iu", "yu").replace("ii", "iy")


def apostrophe_latin(uk_latin: str) -> str:
    """The soft sign written as an apostrophe: Kupiansk -> Kupians'k."""
    return re.sub(r"sk(?=$|e$|a$)", "s'k", uk_latin, count=1)


PLACE_ROOTS = ["Bor", "Vol", "Kal", "Myr", "Bil", "Hor", "Zel", "Lys", "Dub", "Ros", "Pok", "Shev", "Ver", "Kras", "Tern", "Sos", "Lyp", "Kam", "Hlyb", "Chorn", "Vyshn", "Ozer", "Sad", "Pol", "Step", "Yar", "Zor", "Nov", "Star", "Mal", "Vel", "Hrush", "Bereh", "Dol", "Les", "Luh", "Kor", "Svit", "Top", "Yas", "Zhur", "Kozh", "Khol", "Tar", "Prud", "Rak", "Sol", "Tsvit", "Brod", "Dzvin", "Orikh", "Kost", "Lom", "Mykh", "Petr", "Ivan", "Oleks", "Serh", "Dmytr", "Volch", "Zub", "Vod", "Chern", "Sokol", "Kurh", "Hai"]
PLACE_MIDDLES = ("", "", "", "o", "yn", "an", "ov", "en", "ut", "ach", "ysh", "ar", "il", "oz", "ub", "av", "un", "ot", "ir", "ian", "ol", "es")
# (Ukrainian Latin, Russian Latin) suffixes.
PLACE_SUFFIXES = (
    ("ivka", "ovka"), ("ivske", "ovskoye"), ("yne", "ino"), ("ove", "ovo"), ("ky", "ki"), ("ivtsi", "ovtsy"), ("sk", "sk"),
    ("iansk", "yansk"), ("hrad", "grad"), ("opil", "opol"), ("ytsia", "itsa"), ("ychi", "ichi"), ("any", "any"), ("horod", "gorod"),
    ("ske", "skoye"), ("ne", "noye"), ("ets", "ets"), ("ariv", "arov"), ("uvate", "uvatoye"), ("yn", "in"), ("ianka", "yanka"),
    ("ok", "ok"), ("iv", "ov"), ("ivka", "ovka"), ("ka", "ka"), ("yshche", "ishche"), ("ske", "skoye"), ("ivka", "ovka"),
)
PLACE_PREFIXES = (("Nova", "Novaya"), ("Velyka", "Bolshaya"), ("Mala", "Malaya"), ("Stara", "Staraya"), ("Verkhnia", "Verkhnyaya"), ("Nyzhnia", "Nizhnyaya"))

SURNAME_ROOTS = ["Koval", "Bondar", "Shevch", "Tkach", "Kravch", "Melnych", "Moroz", "Lys", "Bil", "Hon", "Sav", "Pal", "Rud", "Martyn", "Hryts", "Kuz", "Lev", "Pavl", "Ostap", "Pryt", "Dov", "Zhuk", "Kost", "Yarem", "Horb", "Sydor", "Tym", "Ser", "Kozach", "Hnat", "Babi", "Petr", "Zakh", "Vlas", "Fed", "Semen", "Kyr", "Mazur", "Oliin", "Khom", "Klym", "Stets", "Nazar", "Dem", "Lukash", "Prok", "Vakul", "Bazh", "Holub", "Hrab", "Dmytr", "Kulyk", "Lytv", "Myron", "Polt", "Rom", "Step", "Tsyb", "Yakub", "Zin"]
SURNAME_MIDDLES = ("", "", "", "ov", "an", "ych", "ets", "in", "ar", "ul", "ev")
# (Ukrainian Latin, Russian Latin) surname endings.
SURNAME_SUFFIXES = (
    ("enko", "enko"), ("chuk", "chuk"), ("yshyn", "ishin"), ("ovych", "ovich"), ("skyi", "skiy"), ("ov", "ov"), ("iak", "yak"),
    ("iuk", "yuk"), ("ak", "ak"), ("ko", "ko"), ("yk", "ik"), ("nyi", "ny"), ("ets", "ets"), ("ovskyi", "ovskiy"), ("in", "in"), ("ei", "ey"),
)
# Ukrainian Latin, another spelling, Cyrillic, Russian Latin, Russian Cyrillic.
FIRST_NAMES = (
    ("Andrii", "Andriy", "Андрій", "Andrey", "Андрей"), ("Oleksandr", "Oleksander", "Олександр", "Aleksandr", "Александр"),
    ("Oleksii", "Oleksiy", "Олексій", "Aleksey", "Алексей"), ("Dmytro", "Dmitro", "Дмитро", "Dmitry", "Дмитрий"),
    ("Serhii", "Serhiy", "Сергій", "Sergey", "Сергей"), ("Volodymyr", "Volodimir", "Володимир", "Vladimir", "Владимир"),
    ("Mykola", "Mikola", "Микола", "Nikolai", "Николай"), ("Yurii", "Yuriy", "Юрій", "Yuri", "Юрий"),
    ("Ihor", "Igor", "Ігор", "Igor", "Игорь"), ("Vitalii", "Vitaliy", "Віталій", "Vitaly", "Виталий"),
    ("Roman", "Roman", "Роман", "Roman", "Роман"), ("Oksana", "Oksana", "Оксана", "Oksana", "Оксана"),
    ("Iryna", "Irina", "Ірина", "Irina", "Ирина"), ("Olena", "Olena", "Олена", "Yelena", "Елена"),
    ("Nataliia", "Natalia", "Наталія", "Natalya", "Наталья"), ("Yuliia", "Yulia", "Юлія", "Yuliya", "Юлия"),
    ("Tetiana", "Tetyana", "Тетяна", "Tatyana", "Татьяна"), ("Kateryna", "Katerina", "Катерина", "Yekaterina", "Екатерина"),
    ("Maksym", "Maxim", "Максим", "Maksim", "Максим"), ("Pavlo", "Pavlo", "Павло", "Pavel", "Павел"),
    ("Vasyl", "Vasil", "Василь", "Vasily", "Василий"), ("Hennadii", "Gennadiy", "Геннадій", "Gennady", "Геннадий"),
    ("Valerii", "Valeriy", "Валерій", "Valery", "Валерий"), ("Anatolii", "Anatoliy", "Анатолій", "Anatoly", "Анатолий"),
    ("Bohdan", "Bogdan", "Богдан", "Bogdan", "Богдан"), ("Taras", "Taras", "Тарас", "Taras", "Тарас"),
    ("Ivan", "Ivan", "Іван", "Ivan", "Иван"), ("Petro", "Petro", "Петро", "Pyotr", "Пётр"),
    ("Yevhen", "Yevgen", "Євген", "Yevgeny", "Евгений"), ("Kyrylo", "Kirilo", "Кирило", "Kirill", "Кирилл"),
    ("Halyna", "Galyna", "Галина", "Galina", "Галина"), ("Liudmyla", "Lyudmyla", "Людмила", "Lyudmila", "Людмила"),
    ("Viktor", "Victor", "Віктор", "Viktor", "Виктор"), ("Mykhailo", "Mikhailo", "Михайло", "Mikhail", "Михаил"),
    ("Stanislav", "Stanislav", "Станіслав", "Stanislav", "Станислав"), ("Svitlana", "Svetlana", "Світлана", "Svetlana", "Светлана"),
)
WESTERN_FIRST = ["Anna", "Marek", "Piotr", "John", "Elise", "Thomas", "Laura", "Michael", "Sarah", "David", "Katarzyna", "Jan", "Emma", "Lukas", "Sophie", "Daniel", "Claire", "Martin", "Julia", "Peter", "Agnieszka", "Tomasz", "Mark", "Rachel", "Andrew", "Helen", "Stefan", "Ion", "Elena", "Mihai", "Giorgi", "Nino", "Levan", "Ana", "Robert", "Karen", "Paul", "Monika"]
WESTERN_ROOTS = ["Hart", "Ash", "Wood", "Brook", "Fair", "Stan", "Wel", "Hol", "Mor", "Gar", "Dal", "Carr", "Sel", "Bar", "Ken", "Whit", "Lang", "Rad", "Ward", "Fen", "Brad", "Thorn", "Black", "Stone", "Mill"]
WESTERN_ENDS = ["well", "ford", "ley", "ton", "wick", "man", "son", "by", "field", "more", "ham", "ridge", "wood", "land", "stead"]
INITIALS = "ABCDEFGHJKLMNPRSTVW"

# id, name, aliases, centre, adjective, oblast-level kind and word, raion-level kind and word
COUNTRIES = (
    ("ukraine", "Ukraine", ["Україна", "Украина"], (48.38, 31.17), "Ukrainian", ("oblast", "Oblast"), ("raion", "Raion")),
    ("russia", "Russia", ["Russian Federation", "Россия", "Росія"], (54.5, 38.5), "Russian", ("oblast", "Oblast"), ("district", "District")),
    ("poland", "Poland", ["Polska", "Польща"], (52.0, 19.4), "Polish", ("region", "Voivodeship"), ("district", "County")),
    ("moldova", "Moldova", ["Republic of Moldova", "Молдова"], (47.2, 28.5), "Moldovan", ("region", "Region"), ("district", "District")),
    ("romania", "Romania", ["România", "Румунія"], (45.9, 24.97), "Romanian", ("region", "County"), ("district", "District")),
    ("georgia", "Georgia", ["Sakartvelo", "Грузія"], (42.3, 43.4), "Georgian", ("region", "Region"), ("district", "Municipality")),
)
SETTLEMENT_KINDS = ("city", "town", "village", "settlement")
SETTLEMENT_WEIGHTS = (8, 22, 55, 15)

# --------------------------------------------------------------------------------------
# Registry: ids unique up to look-alike characters, names and aliases unique


def label_key(label: str) -> str:
    return normalise_for_quote(label).casefold()


class Registry:
    """Every id by its skeleton (0/o, 1/l, rn/m...) and every name and alias of a place,
    person or organization, so that nothing the validator compares can collide."""

    def __init__(self) -> None:
        self.skeletons: set[str] = set()
        self.labels: set[str] = set()

    def id_free(self, record_id: str) -> bool:
        return bool(ID_RE.match(record_id)) and skeleton(record_id) not in self.skeletons

    def take_id(self, record_id: str) -> None:
        self.skeletons.add(skeleton(record_id))

    def unique_id(self, base: str) -> str:
        """base, or base-2, base-3... whichever no id looks like yet."""
        candidate, n = base, 1
        while not self.id_free(candidate):
            n += 1
            candidate = f"{base}-{n}"
        self.take_id(candidate)
        return candidate

    def claim(self, record_id: str, name: str, aliases: list[str], minimum_aliases: int = 0) -> list[str] | None:
        """Take the id, name and whichever aliases are still free; None (nothing taken)
        when the id or the name is taken or fewer than `minimum_aliases` remain."""
        name_key = label_key(name)
        if not self.id_free(record_id) or name_key in self.labels:
            return None
        keys, kept = [name_key], []
        for alias in aliases:
            key = label_key(alias)
            if alias and key not in self.labels and key not in keys:
                keys.append(key)
                kept.append(alias)
        if len(kept) < minimum_aliases:
            return None
        self.take_id(record_id)
        self.labels.update(keys)
        return kept[:MAX_ALIASES]


# --------------------------------------------------------------------------------------
# YAML written by hand: plain scalars where safe, JSON-style double quotes otherwise

_PLAIN_RE = re.compile(r"[^\W\d_][\w .,()'’ʼ/:#%?=&+~-]*", re.UNICODE)
_PLAIN_ID_RE = re.compile(r"(?=.*[a-z])[a-z0-9]+(-[a-z0-9]+)*")
_YAML_WORDS = {"yes", "no", "on", "off", "true", "false", "null", "y", "n", "~"}


class Folded(str):
    """Text written as a folded block scalar (`>-`), as contributors write summaries."""


def scalar(value: str) -> str:
    if _PLAIN_ID_RE.fullmatch(value) and not value.startswith(("0x", "0b")) and value not in _YAML_WORDS:
        return value  # ids and hashes, as contributors write them
    if _PLAIN_RE.fullmatch(value) and not value.endswith((" ", ":")) and ": " not in value and " #" not in value and value.lower() not in _YAML_WORDS:
        return value
    return json.dumps(value, ensure_ascii=False)


def _fold(text: str, indent: str, width: int = 76) -> str:
    lines, line = [], ""
    for word in text.split(" "):
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    return "\n".join(indent + item for item in lines)


def _value(key: str, value: object, indent: str) -> list[str]:
    if isinstance(value, Folded):
        return [f"{indent}{key}: >-", _fold(value, indent + "  ")]
    if isinstance(value, bool):
        return [f"{indent}{key}: {'true' if value else 'false'}"]
    if isinstance(value, Raw):
        return [f"{indent}{key}: {value}"]
    if isinstance(value, str):
        return [f"{indent}{key}: {scalar(value)}"]
    if isinstance(value, dict):
        lines = [f"{indent}{key}:"]
        for inner_key, inner in value.items():
            if inner is not None:
                lines += _value(inner_key, inner, indent + "  ")
        return lines
    if isinstance(value, list):
        if not value:
            return [f"{indent}{key}: []"]
        lines = [f"{indent}{key}:"]
        for item in value:
            if isinstance(item, dict):
                entries = [(k, v) for k, v in item.items() if v is not None]
                first = _value(*entries[0], indent + "    ")
                lines.append(f"{indent}  - {first[0].lstrip()}")
                lines += first[1:]
                for inner_key, inner in entries[1:]:
                    lines += _value(inner_key, inner, indent + "    ")
            elif isinstance(item, Raw):
                lines.append(f"{indent}  - {item}")
            else:
                lines.append(f"{indent}  - {scalar(item)}")
        return lines
    raise TypeError(f"cannot write {type(value).__name__} for {key}")


class Raw(str):
    """A value written as it is (dates, numbers)."""


def to_yaml(fields: dict[str, object], schema: str | None = None) -> str:
    lines = [f"# yaml-language-server: $schema=../../schemas/{schema}.schema.json"] if schema else []
    for key, value in fields.items():
        if value is not None:
            lines += _value(key, value, "")
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------------------
# Records


class Entity:
    """A place, person, organization or outlet: what the text generator needs of it."""

    __slots__ = ("aliases", "base", "children", "country", "extra", "fields", "id", "kind", "lat", "latin", "lon", "name", "parent")

    def __init__(self, record_id: str, name: str, aliases: list[str], kind: str, country: str | None = None) -> None:
        self.id, self.name, self.aliases, self.kind, self.country = record_id, name, aliases, kind, country
        self.latin = [name] + [a for a in aliases if not re.search("[\u0400-\u04ff]", a)]
        self.fields: dict[str, object] = {}
        self.parent: Entity | None = None
        self.children: list[Entity] = []
        self.lat = self.lon = 0.0
        self.base = name
        self.extra: dict[str, object] = {}

    def label(self, rng: random.Random) -> str:
        """How a report names it: mostly the name, sometimes another Latin spelling."""
        return self._the(self.name if len(self.latin) == 1 or rng.random() < 0.7 else rng.choice(self.latin))

    def prose_name(self) -> str:
        return self._the(self.name)

    def _the(self, text: str) -> str:
        """'the General Staff of ...', 'the 47th Separate Mechanized Brigade'; not 'the AFU'."""
        if self.extra.get("the") and " " in text and not text.isupper() and not text.startswith("The "):
            return "the " + text
        return text


class NameSource:
    """Fresh Ukrainian-looking names in four spellings, never the same twice."""

    def __init__(self, rng: random.Random, registry: Registry) -> None:
        self.rng, self.registry = rng, registry

    def place_base(self, attempt: int) -> tuple[str, str]:
        """(Ukrainian Latin, Russian Latin) of a place name; longer after many collisions."""
        rng = self.rng
        root = rng.choice(PLACE_ROOTS)
        middle = rng.choice(PLACE_MIDDLES)
        second = rng.choice(PLACE_ROOTS).lower() if attempt > 8 or rng.random() < 0.15 else ""
        suffix, ru_suffix = rng.choice(PLACE_SUFFIXES)
        if second and not middle:
            middle = "o"
        uk = root + middle + second + suffix
        ru = ru_latin(root + middle + second) + ru_suffix
        if attempt > 20 or rng.random() < 0.06:
            prefix, ru_prefix = rng.choice(PLACE_PREFIXES)
            uk, ru = f"{prefix} {uk}", f"{ru_prefix} {ru}"
        return uk, ru

    def surname(self, attempt: int) -> tuple[str, str]:
        rng = self.rng
        root = rng.choice(SURNAME_ROOTS)
        middle = rng.choice(SURNAME_MIDDLES) if attempt < 10 else rng.choice(SURNAME_MIDDLES[3:]) + rng.choice(("", "o", "e"))
        suffix, ru_suffix = rng.choice(SURNAME_SUFFIXES)
        if attempt > 20:
            root = root + rng.choice(SURNAME_ROOTS).lower()
        return root + middle + suffix, ru_latin(root + middle) + ru_suffix

    def western(self, attempt: int) -> tuple[str, str]:
        rng = self.rng
        first = rng.choice(WESTERN_FIRST)
        last = rng.choice(WESTERN_ROOTS) + rng.choice(WESTERN_ENDS)
        if attempt > 6:
            return first, f"{rng.choice(INITIALS)}. {last}"
        return first, last


# --------------------------------------------------------------------------------------
# Word lists and templates for report text

SIDE_ADJ = {c[0]: c[4] for c in COUNTRIES}
COUNTRY_NAME = {c[0]: c[1] for c in COUNTRIES}
UNITS = ("assault groups", "armoured vehicles", "tanks", "artillery systems", "drones", "infantry fighting vehicles", "mortars", "trucks", "ammunition depots", "command posts")
VERBS_PAST = ("destroyed", "repelled", "shot down", "spotted", "struck", "hit", "intercepted", "disabled")
ADJECTIVES = ("heavy", "sporadic", "intense", "renewed", "fierce", "persistent", "relentless", "scattered", "daily", "fresh")
NOUNS = ("fighting", "shelling", "pressure", "activity", "bombardment", "clashes", "artillery fire", "drone activity")
INFRA = ("power substation", "railway depot", "grain terminal", "water pumping station", "school", "hospital", "bridge", "fuel depot",
         "administrative building", "boiler house", "gas pipeline", "apartment block", "market", "warehouse", "railway station", "thermal power plant")
DIRECTIONS = ("northern", "eastern", "southern", "western", "north-eastern", "south-eastern", "north-western", "south-western")
PERIODS = ("past 24 hours", "past week", "past few days", "night", "weekend", "past month")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December")
TOPICS = ("mobilisation", "air defence", "reconstruction", "energy security", "humanitarian corridors", "prisoner exchanges", "grain exports",
          "sanctions", "military aid", "demining", "the protection of civilians", "the return of deported children", "veterans' benefits")
ORDINALS = ("second", "third", "fourth", "fifth", "sixth", "seventh")

FILLER = (
    "{Side} forces launched {n} attacks near {P} over the {period}, according to {Org}.",
    "The fighting around {P} has intensified since early {month}, with {adj} {noun} reported on the {direction} outskirts.",
    "Local authorities in {O} said {a_infra} in {P} was damaged and {n} people were injured.",
    "{Person} said the situation near {P} remained difficult but under control.",
    "Air defence units shot down {n} of {N} drones launched overnight, {Org} reported.",
    "Residents of {P} have been without electricity since {weekday}, when a strike hit the local {infra}.",
    "Analysts say {Side} commanders are trying to reach the {direction} bank of the river before winter sets in.",
    "The claim could not be independently verified.",
    "Evacuation of families with children from {P} and nearby villages continues, officials said.",
    "{Org} did not respond to a request for comment.",
    "Heavy equipment losses have slowed the advance, according to satellite images reviewed by analysts.",
    "Roads leading to {P} are under constant drone surveillance, which makes supplying the garrison difficult.",
    "Since the start of the full-scale invasion, {P} has been shelled almost daily.",
    "The front line near {P} runs along a chain of small villages, ravines and forest belts.",
    "{Person}, who asked that the unit not be named, described the situation as tense but stable.",
    "According to {Org}, {N} soldiers were killed or wounded in the area over the {period}.",
    "Officials in {O} said humanitarian aid deliveries to {P} would resume once the shelling eased.",
    "{P} had a pre-war population of about {pop} people, most of whom have since left.",
    "Talks on a ceasefire have stalled, and both sides continue to accuse each other of violating earlier agreements.",
    "{Person} met representatives of {Org} on {weekday} to discuss {topic}.",
    "A spokesperson for {Org} said {n} {unit} had been destroyed in the {P} sector.",
    "Volunteers in {P} hand out water and bread at the central square every morning.",
    "The {infra} in {P} was hit for the {ordinal} time this month.",
    "Satellite images published by {Org} show fresh craters around the {infra} on the edge of {P}.",
    "{Side} military bloggers claimed progress near {P}, but offered no evidence.",
    "Monitoring groups estimate that {Side} forces advanced up to {km} kilometers in the {P} direction over the {period}.",
    "Railway traffic through {P} was suspended for several hours after the attack.",
    "Schools in {O} will continue to teach online until the end of the term.",
    "{Person} told reporters that additional air defence systems were needed to protect {P}.",
    "{Org} said it was investigating the strike as a possible war crime.",
    "Low clouds have limited drone operations in the {direction} part of {O}, according to soldiers on the ground.",
    "Prices for fuel and food in {P} have risen sharply since the bridge was damaged.",
    "Emergency crews worked through the night to restore gas supply to {N} households.",
    "{Person} described the attack as an attempt to intimidate the civilian population of {O}.",
    "Mobile network coverage in {P} remains patchy, local residents said.",
    "The last train left {P} on {weekday} evening, according to the regional railway operator.",
    "{Org} reported {n} combat engagements along the {P} axis over the {period}.",
    "Aid workers say fewer elderly residents are refusing to leave {P} than a month ago.",
    "In a separate development, {Person} announced new measures to support displaced families in {O}.",
    "Footage shared on social media appeared to show smoke rising over {P}, though its date and location could not be confirmed.",
    "The regional governor urged residents of {P} to stay close to shelters during air raid alerts.",
    "{Side} troops have been regrouping near {P2}, according to reconnaissance reports cited by {Org}.",
    "{a_infra} that served {P} and {P2} was left without power after the strike.",
    "{Person} said that {topic} would be discussed at a meeting with partners next week.",
    "Demining teams have cleared {n} square kilometers of farmland around {P} since {month}.",
    "Both sides have used small first-person-view drones extensively in the area, turning open fields into a no-man's land.",
    "Damage to the {infra} in {P} is still being assessed, the local military administration said.",
    "The road between {P} and {P2} has become one of the most dangerous in {O}.",
    "Doctors at the hospital in {P2} said they had treated {n} patients with shrapnel wounds.",
    "{Org} published a map showing the estimated positions of {Side} units west of {P}.",
)

LEAD = {
    "assault": "{Att} forces attacked {P} in {O} on {when}, {Org} said.",
    "control-claim": "{Att} officials claimed on {when} that their forces had captured {P} in {O}.",
    "occupation": "{Att} forces took control of {P} in {O} on {when}, according to {Org}.",
    "liberation": "{Def} forces said on {when} that they had retaken {P} in {O}.",
    "advance": "{Att} units advanced towards {P} in {O} around {when}, {Org} said.",
    "strike": "A missile strike hit {a_infra} in {P}, {O}, on {when}, {Org} reported.",
    "shelling": "{Att} artillery shelled {P} in {O} on {when}, local authorities said.",
    "drone-attack": "{Att} drones attacked {P} in {O} overnight on {when}, {Org} said.",
    "air-defence": "Air defence units shot down {n} drones over {O} on {when}, {Org} said.",
    "infrastructure": "A strike on {a_infra} left parts of {O} without power on {when}, {Org} said.",
    "casualties": "{n} civilians were killed and {N} injured in {P}, {O}, on {when}, officials said.",
    "evacuation": "Authorities in {O} ordered the evacuation of families with children from {P} on {when}.",
    "legislation": "{Org} adopted a law on {topic} on {when}.",
    "diplomacy": "{Person} visited {P} on {when} for talks on {topic}.",
    "negotiations": "Delegations met in {P} on {when} to discuss {topic}, {Org} said.",
    "appointment": "{Person} was appointed to a new post on {when}, {Org} announced.",
    "statement": "{Person} made a statement on the situation around {P} on {when}.",
    "report": "{Org} published a report on the fighting near {P} on {when}.",
    "other": "An incident was reported in {P}, {O}, on {when}, according to {Org}.",
}

EVENT_TITLES = {
    "assault": "{Att} assault on {P}",
    "control-claim": "{Att} forces claim capture of {P}",
    "occupation": "{Att} occupation of {P}",
    "liberation": "{Def} forces retake {P}",
    "advance": "{Att} advance towards {P}",
    "strike": "Missile strike on {infra} in {P}",
    "shelling": "Shelling of {P}",
    "drone-attack": "Drone attack on {P}",
    "air-defence": "Air defence repels drones over {O}",
    "infrastructure": "Power outages in {O} after strike on {infra}",
    "casualties": "Civilians killed in strike on {P}",
    "evacuation": "Evacuation of families from {P} ordered",
    "legislation": "Law on {topic} adopted",
    "diplomacy": "{Person} visits {P}",
    "negotiations": "Talks on {topic} held in {P}",
    "appointment": "{Person} appointed to new post",
    "statement": "{Person} statement on the situation around {P}",
    "report": "{Org} report on fighting near {P}",
    "other": "Incident reported in {P}",
}
ARTICLE_TITLES = (
    "{Def} military says attack on {P} repelled",
    "{Att} forces claim gains near {P}, {Def} officials deny",
    "Drones hit {P} overnight, officials say",
    "War latest: fighting near {P} intensifies",
    "{O}: shelling continues near {P}",
    "What we know about the situation in {P}",
    "{Person} says situation around {P} difficult",
    "{P} residents count losses after strike",
    "Explainer: why {P} matters",
    "{Org} reports {n} clashes near {P}",
)
GENERIC_TITLES = (
    "Key developments on {month} {day}",
    "War latest: {P} under fire",
    "Life in {P} under constant shelling",
    "{O} prepares for winter as strikes continue",
    "Volunteers keep {P} supplied",
    "{Person} on {topic}",
)
EVENT_KIND_WEIGHTS = {
    "assault": 12, "control-claim": 8, "occupation": 3, "liberation": 3, "advance": 8, "strike": 12, "shelling": 12,
    "drone-attack": 10, "air-defence": 6, "infrastructure": 6, "casualties": 4, "evacuation": 4, "legislation": 3,
    "diplomacy": 4, "negotiations": 2, "appointment": 2, "statement": 5, "report": 4, "other": 2,
}

# (quote, paraphrase): the paraphrase starts lower-case so it reads inside a summary.
QUOTES = {
    "asserts": (
        ("Our units have taken full control of {P}", "their forces have taken full control of {P}."),
        ("Assault groups have entered {P} and are consolidating their positions", "assault groups entered {P} and are consolidating their positions."),
        ("The settlement of {P} has been liberated", "the settlement of {P} has been taken."),
        ("{n} enemy armoured vehicles were destroyed near {P}", "{n} armoured vehicles of the other side were destroyed near {P}."),
        ("Strikes on military targets in {P} achieved their goals", "the strikes on {P} hit military targets only."),
        ("The enemy is retreating from {P} under the fire of our artillery", "the other side is withdrawing from {P}."),
    ),
    "denies": (
        ("{P} remains under the control of the Defense Forces", "{P} remains under the control of its defenders."),
        ("The alleged presence of enemy troops in {P} is not true", "reports of enemy troops in {P} are untrue."),
        ("All attacks in the {P} direction were successfully repelled", "all attacks towards {P} were repelled."),
        ("Reports of the capture of {P} are a cheap provocation", "claims that {P} was captured are a provocation."),
        ("No enemy units have entered {P}", "no enemy units entered {P}."),
        ("The strike hit a residential area of {P}, not a military target", "the strike hit homes in {P}, not a military target."),
    ),
    "partially-confirms": (
        ("Small enemy groups managed to reach the outskirts of {P}", "small enemy groups reached the outskirts of {P}, but not the centre."),
        ("Some units were forced to withdraw to more favourable positions near {P}", "some units withdrew to new positions near {P}."),
        ("Fighting continues in parts of {P}", "fighting continues in parts of {P}."),
        ("The enemy partially entered {P} and was driven back", "enemy troops partially entered {P} and were driven back."),
    ),
    "retracts": (
        ("Earlier information about {P} was based on incomplete reports", "its earlier statement about {P} rested on incomplete reports."),
        ("We withdraw our earlier statement about the situation in {P}", "it withdraws its earlier statement about {P}."),
    ),
}
STANCE_WEIGHTS = {"asserts": 40, "denies": 30, "partially-confirms": 20, "retracts": 10}
SUMMARY_VERBS = {"asserts": "said", "denies": "denied this, saying", "partially-confirms": "partly confirmed it, saying", "retracts": "later retracted an earlier account, saying"}
SAID = ("said", "told reporters", "wrote on Telegram", "said in a statement", "said in a video address", "said at a briefing")

_FIELDS_CACHE: dict[str, tuple[str, ...]] = {}


def template_fields(template: str) -> tuple[str, ...]:
    fields = _FIELDS_CACHE.get(template)
    if fields is None:
        fields = tuple(dict.fromkeys(name for _, name, _, _ in Formatter().parse(template) if name))
        _FIELDS_CACHE[template] = fields
    return fields


def _first_upper(text: str) -> str:
    return text[:1].upper() + text[1:]


def _day_text(day: dt.date) -> str:
    return f"{MONTHS[day.month - 1][:3]}. {day.day}" if day.month != 5 else f"May {day.day}"


# Template fields filled with one word from a list.
WORD_LISTS = {"period": PERIODS, "month": MONTHS, "weekday": WEEKDAYS, "adj": ADJECTIVES, "noun": NOUNS,
              "infra": INFRA, "direction": DIRECTIONS, "topic": TOPICS, "unit": UNITS, "ordinal": ORDINALS}


class Context:
    """What one report talks about: its places, people and organizations, and the sides."""

    __slots__ = ("att", "deck", "defender", "oblast", "orgs", "people", "places", "rng", "when")

    def __init__(self, rng, places, oblast, people, orgs, att, defender, when) -> None:
        self.rng, self.places, self.oblast, self.people, self.orgs = rng, places, oblast, people, orgs
        self.att, self.defender, self.when = att, defender, when
        self.deck: list[str] = []

    def sentence(self) -> str:
        """A filler sentence; a report uses every template once before it repeats one."""
        if not self.deck:
            self.deck = self.rng.sample(FILLER, len(FILLER))
        return self.fill(self.deck.pop())

    def fill(self, template: str, fixed: dict[str, str] | None = None) -> str:
        rng = self.rng
        values: dict[str, object] = {}
        for name in template_fields(template):
            if fixed and name in fixed:
                values[name] = fixed[name]
            elif name == "P" or name == "P2":
                values[name] = rng.choice(self.places).label(rng)
            elif name == "O":
                values[name] = self.oblast.label(rng)
            elif name == "Org":
                values[name] = rng.choice(self.orgs).label(rng)
            elif name == "Person":
                values[name] = rng.choice(self.people).label(rng)
            elif name in ("Side", "Att"):
                values[name] = SIDE_ADJ[self.att] if name == "Att" or rng.random() < 0.6 else SIDE_ADJ[self.defender]
            elif name == "Def":
                values[name] = SIDE_ADJ[self.defender]
            elif name == "n":
                values[name] = rng.randint(2, 40)
            elif name == "N":
                values[name] = rng.randint(41, 900)
            elif name == "km":
                values[name] = rng.choice(("1.5", "2", "3", "4.5", "6", "10"))
            elif name == "pop":
                values[name] = f"{rng.randint(2, 60) * 1000:,}"
            elif name == "a_infra":
                infra = rng.choice(INFRA)
                values[name] = f"{'an' if infra[0] in 'aeiou' else 'a'} {infra}"
            elif name == "day":
                values[name] = rng.randint(1, 28)
            elif name in WORD_LISTS:
                values[name] = rng.choice(WORD_LISTS[name])
            elif name == "when":
                values[name] = self.when
            else:
                raise KeyError(name)
        return _first_upper(template.format(**values))


# --------------------------------------------------------------------------------------
# The generator


class Generator:
    def __init__(self, pages: int, seed: int) -> None:
        self.rng = random.Random(seed)
        self.counts = plan_counts(pages)
        self.registry = Registry()
        self.names = NameSource(self.rng, self.registry)
        self.places: list[Entity] = []
        self.settlements: list[Entity] = []
        self.oblasts: list[Entity] = []
        self.countries: list[Entity] = []
        self.people: list[Entity] = []
        self.orgs: list[Entity] = []
        self.outlets: list[Entity] = []
        self.by_country: dict[str, dict[str, list[Entity]]] = {}

    # -- places -----------------------------------------------------------------------

    def make_places(self) -> None:
        rng, total = self.rng, self.counts["places"]
        n_countries = max(2, min(len(COUNTRIES), 2 + total // 600))
        n_oblasts = max(n_countries, round(total * 0.04))
        n_raions = max(n_oblasts, round(total * 0.15))
        n_hromadas = round(total * 0.05)
        n_rest = total - n_countries - n_oblasts - n_raions - n_hromadas
        if n_rest < 3:  # tiny archives: fewer raions and hromadas, still four levels
            n_hromadas, n_raions = 0, n_oblasts
            n_rest = total - n_countries - n_oblasts - n_raions
        for record_id, name, aliases, (lat, lon), _adj, _o, _r in COUNTRIES[:n_countries]:
            place = Entity(record_id, name, self.registry.claim(record_id, name, aliases) or [], "country", record_id)
            place.lat, place.lon = lat, lon
            self.countries.append(place)
        # Oblasts: one in each country, then mostly in the first two.
        oblasts = []
        for i in range(n_oblasts):
            roll = rng.random()
            country = self.countries[i] if i < n_countries else self.countries[0 if roll < 0.55 else 1 if roll < 0.8 else rng.randrange(n_countries)]
            oblasts.append(self._node(country, "oblast", 3.0, 5.0))
        raions = [self._node(oblasts[i] if i < n_oblasts else rng.choice(oblasts), "raion", 0.6, 0.9) for i in range(n_raions)]
        ukrainian_raions = [r for r in raions if r.country == "ukraine"]
        hromadas = [self._node(rng.choice(ukrainian_raions), "hromada", 0.2, 0.3) for _ in range(n_hromadas)] if ukrainian_raions else []
        rest = []
        for i in range(n_rest):
            roll = rng.random()
            if i >= 3 and roll < 0.02:
                rest.append(self._node(rng.choice(oblasts), "river", 0.8, 1.2))
            elif i >= 3 and roll < 0.035:
                rest.append(self._node(rng.choice(raions), "military-site", 0.2, 0.3))
            else:
                parent = raions[i] if i < len(raions) else (rng.choice(hromadas) if hromadas and rng.random() < 0.3 else rng.choice(raions))
                kind = "city" if i == 0 else rng.choices(SETTLEMENT_KINDS, weights=SETTLEMENT_WEIGHTS)[0]
                rest.append(self._node(parent, kind, 0.15, 0.25))
        # Names, bottom up: settlements first, then the units named after their centres.
        qualified = [p for p in rest if p.kind in ("village", "settlement") and rng.random() < 0.03]
        later = {id(place) for place in qualified}  # membership only: the order stays the list's
        for place in rest:
            if id(place) not in later:
                self._name_settlement(place)
        for level in (hromadas, raions, oblasts):
            for unit in level:
                self._name_unit(unit)
        named = [p for p in rest if p.name and p.kind in ("village", "settlement") and "(" not in p.name]
        for place in qualified:
            self._name_qualified(place, named)
        self.places = self.countries + oblasts + raions + hromadas + rest
        self.oblasts = oblasts
        self.settlements = [p for p in rest if p.kind in SETTLEMENT_KINDS]
        for place in self.places:
            self._place_fields(place)

    def _node(self, parent: Entity, level: str, dlat: float, dlon: float) -> Entity:
        rng = self.rng
        country = parent.country
        spec = next(c for c in COUNTRIES if c[0] == country)
        kind = {"oblast": spec[5][0], "raion": spec[6][0]}.get(level, level)
        node = Entity("", "", [], kind, country)
        node.extra["level"] = level
        node.parent = parent
        parent.children.append(node)
        node.lat = max(-89.9, min(89.9, parent.lat + rng.uniform(-dlat, dlat)))
        node.lon = max(-179.9, min(179.9, parent.lon + rng.uniform(-dlon, dlon)))
        return node

    def _candidate_aliases(self, uk: str, ru: str, russian: bool) -> list[str]:
        """Other spellings of a place name, in the order reports are likely to use them."""
        name = ru if russian else uk
        options = [uk if russian else ru, alt_latin(uk), uk_cyrillic(uk), ru_cyrillic(ru), apostrophe_latin(uk)]
        return [o for o in dict.fromkeys(options) if o != name]

    def _name_settlement(self, place: Entity) -> None:
        rng = self.rng
        if place.country == "ukraine" and place.kind == "city" and "kupiansk" not in self.registry.skeletons:
            # The hand-written home page links to places/kupiansk.md.
            aliases = self.registry.claim("kupiansk", "Kupiansk", ["Kupyansk", "Kup'iansk", "Купʼянськ", "Купянск"])
            if aliases is not None:
                place.id, place.name, place.aliases, place.base = "kupiansk", "Kupiansk", aliases, "Kupiansk"
                place.extra["forms"] = ("Kupiansk", "Kupyansk")
                place.latin = ["Kupiansk", "Kupyansk", "Kup'iansk"]
                return
        russian = place.country == "russia"
        for attempt in range(1000):
            uk, ru = self.names.place_base(attempt)
            name = ru if russian else uk
            if place.kind == "river":
                display, candidates = name, [f"{name} River", f"River {name}", uk_cyrillic(uk)]
            elif place.kind == "military-site":
                display = f"{name} airfield"
                candidates = [f"{name} air base", f"{name} airbase", f"аеродром {uk_cyrillic(uk)}"]
            else:
                display, candidates = name, self._candidate_aliases(uk, ru, russian)
            k = rng.choices((0, 1, 2, 3, 4), weights=(15, 25, 25, 20, 15))[0]
            chosen = sorted(rng.sample(range(len(candidates)), min(k, len(candidates))))
            aliases = self.registry.claim(slugify(display), display, [candidates[i] for i in chosen])
            if aliases is not None:
                place.id, place.name, place.aliases, place.base = slugify(display), display, aliases, name
                place.extra["forms"] = (uk, ru)
                place.latin = [display] + [a for a in aliases if not re.search("[\u0400-\u04ff]", a)]
                return
        raise RuntimeError("ran out of place names")

    def _name_unit(self, unit: Entity) -> None:
        """A hromada, raion or oblast, named after its first settlement when it has one
        (Kupiansk, Kupiansk Raion, Kharkiv Oblast), else after a fresh name."""
        rng = self.rng
        spec = next(c for c in COUNTRIES if c[0] == unit.country)
        level = unit.extra["level"]
        word = {"hromada": "Hromada", "raion": spec[6][1], "oblast": spec[5][1]}[level]
        uk_word = {"hromada": "громада", "raion": "район", "oblast": "область"}[level]
        centres = [c for c in unit.children if c.name and c.extra.get("forms") and c.kind not in ("river", "military-site")]
        for child in unit.children:
            if child.extra.get("centre") and child.name:
                centres.insert(0, child)
        attempts = [(c.base, c.extra["forms"]) for c in centres[:2]]
        for attempt in range(1000):
            if attempt < len(attempts):
                base, (uk, ru) = attempts[attempt]
            else:
                uk, ru = self.names.place_base(attempt)
                base = ru if unit.country == "russia" else uk
            if level == "oblast" and unit.country == "ukraine" and "kharkiv-oblast" not in self.registry.skeletons and attempt == 0:
                base, uk, ru = "Kharkiv", "Kharkiv", "Kharkov"
            name = f"{base} {word}"
            cyr = uk_cyrillic(uk)
            adjective = _uk_adjective(cyr, "f" if level in ("oblast", "hromada") else "m")
            candidates = [f"{base} {'region' if level == 'oblast' else 'district' if level == 'raion' else 'community'}",
                          f"{ru} {word}" if ru != base else f"{alt_latin(uk)} {word}",
                          f"{adjective} {uk_word}" if level != "hromada" else f"{cyr} {uk_word}",
                          f"{base} {'province' if level == 'oblast' else 'area'}"]
            candidates = [c for c in dict.fromkeys(candidates) if c != name]
            k = rng.choices((0, 1, 2, 3, 4), weights=(10, 20, 30, 25, 15))[0]
            chosen = sorted(rng.sample(range(len(candidates)), min(k, len(candidates))))
            aliases = self.registry.claim(slugify(name), name, [candidates[i] for i in chosen])
            if aliases is not None:
                unit.id, unit.name, unit.aliases = slugify(name), name, aliases
                unit.extra["forms"] = (uk, ru)
                unit.extra["centre"] = True
                unit.base = base
                unit.latin = [name] + [a for a in aliases if not re.search("[\u0400-\u04ff]", a)]
                return
        raise RuntimeError("ran out of unit names")

    def _name_qualified(self, place: Entity, named: list[Entity]) -> None:
        """A village sharing its name with one elsewhere: 'Shevchenko (Donetsk Oblast)'."""
        oblast = _ancestor(place, "oblast")
        if named and oblast is not None:
            for _ in range(5):
                other = self.rng.choice(named)
                if _ancestor(other, "oblast") is oblast:
                    continue
                name = f"{other.base} ({oblast.name})"
                aliases = self.registry.claim(slugify(name), name, [])
                if aliases is not None:
                    place.id, place.name, place.aliases, place.base = slugify(name), name, [], other.base
                    place.extra["forms"] = other.extra["forms"]
                    place.latin = [name]
                    return
        self._name_settlement(place)

    def _place_fields(self, place: Entity) -> None:
        rng = self.rng
        parent = place.parent
        chain = []
        node = parent
        while node is not None:
            chain.append(node.name)
            node = node.parent
        kind_word = place.kind.replace("-", " ")
        if place.kind == "country":
            description = f"Country; {len(place.children)} of its regions appear in this archive."
        elif place.kind == "river":
            description = f"River flowing through {chain[0]}, {chain[-1]}."
        else:
            description = f"{_first_upper(kind_word)} in {', '.join(chain[:3])}."
            if rng.random() < 0.3:
                description += f" Its pre-war population was about {rng.randint(1, 300) * 100:,}."
        links = [f"https://en.wikipedia.org/wiki/{url_quote(place.name.replace(' ', '_'))}"] if rng.random() < 0.35 else None
        place.fields = {
            "name": place.name,
            "aliases": place.aliases or None,
            "kind": place.kind,
            "within": parent.id if parent else None,
            "coordinates": {"lat": Raw(f"{place.lat:.4f}"), "lon": Raw(f"{place.lon:.4f}")},
            "description": description,
            "links": links,
        }

    # -- organizations ------------------------------------------------------------------

    def make_organizations(self) -> None:
        rng, total = self.rng, self.counts["organizations"]
        present = [c.id for c in self.countries]
        plan: list[tuple] = []
        national = [
            ("armed", "Armed Forces of {C}", "armed-forces", None, ["{A} Armed Forces", "{A} army"]),
            ("staff", "General Staff of the Armed Forces of {C}", "military-command", "armed", ["{A} General Staff", "General Staff of {C}"]),
            ("government", "Government of {C}", "government", None, ["{A} government", "{A} Cabinet of Ministers"]),
            ("defence", "Ministry of Defence of {C}", "ministry", "government", ["{A} Defence Ministry", "{A} Ministry of Defence"]),
            ("parliament", "Parliament of {C}", "parliament", None, ["{A} parliament", "{A} legislature"]),
            ("office", "Office of the President of {C}", "head-of-state-office", None, ["{A} Presidential Office", "{A} presidency"]),
            ("air", "Air Force of {C}", "military-unit", "armed", ["{A} Air Force"]),
            ("guard", "National Guard of {C}", "armed-forces", None, ["{A} National Guard"]),
        ]
        cyrillic = {
            ("ukraine", "armed"): ["Збройні сили України", "ЗСУ"], ("ukraine", "staff"): ["Генеральний штаб ЗСУ", "Генштаб ЗСУ"],
            ("ukraine", "defence"): ["Міністерство оборони України", "Міноборони"], ("ukraine", "parliament"): ["Verkhovna Rada", "Верховна Рада"],
            ("ukraine", "office"): ["Офіс Президента України", "ОП"], ("ukraine", "government"): ["Cabinet of Ministers of Ukraine", "Кабмін"],
            ("russia", "armed"): ["Вооружённые силы России", "ВС РФ"], ("russia", "staff"): ["Генеральный штаб ВС РФ", "Генштаб"],
            ("russia", "defence"): ["Министерство обороны России", "Минобороны России"], ("russia", "parliament"): ["State Duma", "Государственная дума"],
            ("russia", "office"): ["Kremlin", "Кремль"], ("russia", "government"): ["Правительство России"],
        }
        for key in [n[0] for n in national]:
            for country in present[:2] if key in ("air", "guard") else present:
                plan.append(("national", country, key))
        international = [
            ("United Nations", ["UN", "ООН"]), ("North Atlantic Treaty Organization", ["NATO", "НАТО"]), ("European Union", ["EU", "Євросоюз"]),
            ("Organization for Security and Co-operation in Europe", ["OSCE", "ОБСЄ"]), ("International Atomic Energy Agency", ["IAEA", "МАГАТЕ"]),
            ("International Committee of the Red Cross", ["ICRC", "Red Cross"]),
        ]
        # National bodies of Ukraine and Russia first, then international ones, then the rest.
        ordered = [p for p in plan if p[1] in present[:2] and p[2] in ("armed", "staff", "government", "defence")]
        ordered += [("international", None, i) for i in range(len(international))][:2]
        ordered += [p for p in plan if p not in ordered]
        ordered += [("international", None, i) for i in range(2, len(international))]
        made: dict[tuple[str, str], Entity] = {}
        brigade_numbers: dict[str, int] = {}
        oblast_authorities = [o for o in self.oblasts if o.country == "ukraine"]
        city_authorities = [s for s in self.settlements if s.country == "ukraine" and s.kind in ("city", "town")]
        i = 0
        while len(self.orgs) < total:
            if i < len(ordered):
                kind_tag, country, key = ordered[i]
            else:
                kind_tag, country, key = "generated", None, None
            i += 1
            if kind_tag == "national":
                spec = next(n for n in national if n[0] == key)
                cname, adjective = COUNTRY_NAME[country], SIDE_ADJ[country]
                name = spec[1].format(C=cname)
                aliases = [a.format(C=cname, A=adjective) for a in spec[4]] + cyrillic.get((country, key), [])
                parent = made.get((country, spec[3])) if spec[3] else None
                org = self._org(slugify(name), name, aliases, spec[2], country, parent)
                if org:
                    made[(country, key)] = org
                continue
            if kind_tag == "international":
                name, aliases = international[key]
                self._org(slugify(name), name, aliases, "international", None, None)
                continue
            roll = rng.random()
            if roll < 0.35:
                country = "ukraine" if rng.random() < 0.6 else "russia"
                if country not in present:
                    country = present[0]
                number = brigade_numbers.get(country, rng.randint(1, 9)) + rng.randint(1, 12)
                brigade_numbers[country] = number
                kind_name, kind_uk = rng.choice((("Separate Mechanized Brigade", "окрема механізована бригада"), ("Assault Brigade", "штурмова бригада"),
                                                  ("Territorial Defence Brigade", "бригада територіальної оборони"), ("Air Assault Brigade", "десантно-штурмова бригада"),
                                                  ("Motor Rifle Brigade", "мотострілецька бригада"), ("Artillery Brigade", "артилерійська бригада")))
                name = f"{_ordinal(number)} {kind_name}" + (" of Russia" if country == "russia" else "")
                aliases = [f"{_ordinal(number)} Brigade", f"{number}-та {kind_uk}" if country == "ukraine" else f"{number}-я бригада ВС РФ"]
                self._org(slugify(name), name, aliases, "military-unit", country, made.get((country, "armed")))
            elif roll < 0.6 and (oblast_authorities or city_authorities):
                place = rng.choice(oblast_authorities) if oblast_authorities and (rng.random() < 0.3 or not city_authorities) else rng.choice(city_authorities)
                word = "Military Administration" if place in oblast_authorities else "City Military Administration"
                name = f"{place.base} {'Oblast ' if place in oblast_authorities else ''}{word}"
                if place in oblast_authorities:
                    name = f"{place.name} {word}"
                aliases = [f"{place.base} administration", f"{uk_cyrillic(place.extra['forms'][0])} військова адміністрація"]
                self._org(slugify(name), name, aliases, "local-authority", "ukraine", made.get(("ukraine", "government")))
            else:
                kind = rng.choices(("monitor", "agency", "company", "ngo", "party", "media"), weights=(15, 20, 20, 25, 10, 10))[0]
                for attempt in range(50):
                    uk, _ru = self.names.place_base(attempt)
                    stem = uk.replace(" ", "")
                    name = {
                        "monitor": f"{stem}{rng.choice(('Watch', 'State', 'Map', 'Monitor', 'Lens'))}",
                        "agency": f"{stem} {rng.choice(('Information Agency', 'Analytical Centre', 'Reconstruction Agency', 'Border Service'))}",
                        "company": f"{stem}{rng.choice(('energo', 'gaz', ' Railways', ' Steel', ' Telecom'))}",
                        "ngo": f"{stem} {rng.choice(('Foundation', 'Human Rights Group', 'Volunteer Network', 'Initiative'))}",
                        "party": f"{stem} {rng.choice(('Party', 'Movement', 'Alliance'))}",
                        "media": f"{stem} {rng.choice(('TV', 'Radio', 'Media Group'))}",
                    }[kind]
                    country = rng.choice(present)
                    acronym = "".join(w[0] for w in name.split()).upper()
                    aliases = [a for a in (acronym if len(acronym) > 2 else "", uk_cyrillic(stem) + ("" if kind != "ngo" else " фонд")) if a]
                    if self._org(slugify(name), name, aliases[: rng.randint(1, 2)], kind, country, None):
                        break
        for org in self.orgs:
            self.by_country.setdefault(org.country or "", {}).setdefault("orgs", []).append(org)

    def _org(self, record_id: str, name: str, aliases: list[str], kind: str, country: str | None, parent: Entity | None) -> Entity | None:
        kept = self.registry.claim(record_id, name, aliases)
        if kept is None:
            return None
        org = Entity(record_id, name, kept, kind, country)
        org.parent = parent
        org.extra["the"] = kind not in ("monitor", "company", "media")
        descriptions = {
            "armed-forces": "The armed forces of {C}.", "military-command": "The main military command body of {C}'s armed forces, which publishes daily reports on the fighting.",
            "ministry": "Government ministry of {C}.", "government": "The executive government of {C}.", "parliament": "The national legislature of {C}.",
            "head-of-state-office": "The office of the head of state of {C}.", "military-unit": "A unit of the armed forces of {C}.",
            "local-authority": "Local military administration in {C}.", "international": "International organization.",
            "monitor": "Monitoring project that maps the front line from open sources.", "agency": "Government agency of {C}.",
            "company": "Company based in {C}.", "ngo": "Non-governmental organization based in {C}.", "party": "Political party in {C}.",
            "media": "Broadcaster based in {C}.",
        }
        org.fields = {
            "name": name,
            "aliases": kept or None,
            "kind": kind,
            "country": country,
            "parent": parent.id if parent else None,
            "description": descriptions[kind].format(C=COUNTRY_NAME.get(country or "", "several countries")),
            "links": [f"https://en.wikipedia.org/wiki/{url_quote(name.replace(' ', '_'))}"] if self.rng.random() < 0.4 else None,
        }
        self.orgs.append(org)
        return org

    # -- people -------------------------------------------------------------------------

    def make_people(self) -> None:
        rng = self.rng
        orgs_of: dict[str, list[Entity]] = {}
        for org in self.orgs:
            orgs_of.setdefault(org.country or "", []).append(org)
        present = [c.id for c in self.countries]
        while len(self.people) < self.counts["people"]:
            roll = rng.random()
            country = "ukraine" if roll < 0.55 else "russia" if roll < 0.85 else rng.choice(present)
            if country not in present:
                country = present[0]
            for attempt in range(200):
                person = self._person(country, attempt)
                if person is not None:
                    break
            else:
                raise RuntimeError("ran out of person names")
            candidates = orgs_of.get(country) or orgs_of.get("") or self.orgs
            roles = []
            if rng.random() < 0.9:
                for _ in range(rng.choices((1, 2, 3), weights=(60, 30, 10))[0]):
                    org = rng.choice(candidates)
                    roles.append((org, _role_title(rng, org)))
            role_fields = []
            begin = dt.date(rng.randint(2008, 2022), rng.randint(1, 12), rng.randint(1, 28))
            for index, (org, title) in enumerate(roles):
                role: dict[str, object] = {"title": title, "organization": org.id}
                if rng.random() < 0.7:
                    role["from"] = Raw(f"'{begin.isoformat()}'") if rng.random() < 0.6 else Raw(f"'{begin:%Y-%m}'")
                if index < len(roles) - 1:  # an earlier office, which ended
                    end = min(LAST_DAY, begin + dt.timedelta(days=rng.randint(120, 1500)))
                    role["to"] = Raw(f"'{end.isoformat()}'") if rng.random() < 0.7 else Raw(f"'{end.year}'")
                    begin = min(LAST_DAY, end + dt.timedelta(days=rng.randint(1, 200)))
                role_fields.append(role)
            affiliation = roles[-1][0] if roles else None
            person.extra["affiliation"] = affiliation
            title = roles[-1][1] if roles else f"a public figure from {COUNTRY_NAME[country]}"
            person.fields = {
                "name": person.name,
                "aliases": person.aliases,
                "description": f"{person.name} is {('the ' + title) if roles else title}.",
                "country": country,
                "affiliation": affiliation.id if affiliation else None,
                "roles": role_fields or None,
                "links": [f"https://en.wikipedia.org/wiki/{url_quote(person.name.replace(' ', '_'))}"] if rng.random() < 0.25 else None,
            }
            self.people.append(person)
            self.by_country.setdefault(country, {}).setdefault("people", []).append(person)

    def _person(self, country: str, attempt: int) -> Entity | None:
        rng = self.rng
        if country in ("ukraine", "russia"):
            first = rng.choice(FIRST_NAMES)
            uk_last, ru_last = self.names.surname(attempt)
            uk_name, ru_name = f"{first[0]} {uk_last}", f"{first[3]} {ru_last}"
            uk_cyr, ru_cyr = f"{first[2]} {uk_cyrillic(uk_last)}", f"{first[4]} {ru_cyrillic(ru_last)}"
            if country == "ukraine":
                name = uk_name
                candidates = [f"{first[1]} {uk_last}", f"{first[0]} {alt_latin(uk_last)}", uk_cyr, ru_name, ru_cyr, uk_last]
            else:
                name = ru_name
                candidates = [ru_cyr, uk_name, f"{first[3][0]}. {ru_last}", uk_cyr, ru_last]
        else:
            first, last = self.names.western(attempt)
            name = f"{first} {last}"
            candidates = [last, f"{first[0]}. {last}", f"{first} {rng.choice(INITIALS)}. {last}"]
        candidates = [c for c in dict.fromkeys(candidates) if c != name]
        k = rng.choices((1, 2, 3, 4), weights=(30, 30, 25, 15))[0]
        chosen = [candidates[i] for i in sorted(rng.sample(range(len(candidates)), min(k, len(candidates))))]
        # Spare spellings, in case a chosen one already belongs to someone else.
        spare = [c for c in candidates if c not in chosen]
        record_id = slugify(name)
        kept = self.registry.claim(record_id, name, chosen + spare[:1], minimum_aliases=1)
        if kept is None:
            return None
        return Entity(record_id, name, kept[:max(1, len(chosen))], "person", country)

    # -- outlets ------------------------------------------------------------------------

    def make_outlets(self) -> None:
        rng = self.rng
        patterns = (
            ("{S} Pravda", "uk", "https://www.{d}.com.ua"), ("The {S} Independent", "en", "https://{d}.com"), ("{S} Post", "en", "https://www.{d}post.com"),
            ("{S}inform", "uk", "https://www.{d}inform.ua"), ("Radio {S}", "en", "https://www.radio{d}.org"), ("{S} News Agency", "en", "https://{d}news.com"),
            ("{S} Zeitung", "de", "https://www.{d}-zeitung.de"), ("{S} Vijesti", "sr", "https://www.{d}vijesti.me"), ("Le {S}", "fr", "https://www.le{d}.fr"),
            ("{S} Daily", "en", "https://{d}daily.com"), ("{S} Gazette", "en", "https://www.{d}gazette.com"), ("{S} Times", "en", "https://www.{d}times.com"),
        )
        present = [c.id for c in self.countries]
        while len(self.outlets) < self.counts["outlets"]:
            pattern, language, site = rng.choice(patterns)
            for attempt in range(100):
                uk, _ru = self.names.place_base(attempt)
                stem = uk.replace(" ", "")
                name = pattern.format(S=stem)
                record_id = slugify(name)
                if record_id.endswith(tuple(f"-{n}" for n in "0123456789")):
                    continue
                aliases = [name.removeprefix("The ")] if name.startswith("The ") else []
                if language in ("uk", "en") and rng.random() < 0.5:
                    aliases.append(uk_cyrillic(stem) + (" Правда" if "Pravda" in name else ""))
                kept = self.registry.claim(record_id, name, aliases)
                if kept is not None:
                    break
            else:
                raise RuntimeError("ran out of outlet names")
            domain = slugify(stem).replace("-", "")
            outlet = Entity(record_id, name, kept, "outlet", rng.choice(present))
            outlet.extra.update(site=site.format(d=domain), language=language, curly=rng.random() < 0.4, html=rng.random() < 0.25,
                                the=name.endswith(("Agency", "Post", "Daily", "Gazette", "Times")))
            outlet.extra["appeal"] = f"Support independent journalism: become a member of {name} today."
            outlet.extra["newsletter"] = f"Sign up for the {name} newsletter"
            outlet.fields = {
                "name": name,
                "aliases": kept or None,
                "description": f"{'English-language' if language == 'en' else 'News'} outlet based in {COUNTRY_NAME[outlet.country]}.",
                "site": outlet.extra["site"],
                "language": language,
                "country": outlet.country,
                "recognize": [_pattern(name), _pattern(outlet.extra["site"].split("//", 1)[1])],
                "boilerplate": [_pattern("Support independent journalism: become a member of ") + ".*", _pattern(outlet.extra["newsletter"]) + ".*"],
                "links": [f"https://en.wikipedia.org/wiki/{url_quote(name.replace(' ', '_'))}"] if rng.random() < 0.5 else None,
            }
            self.outlets.append(outlet)

    # -- articles and events --------------------------------------------------------------

    def plan_articles(self) -> list[dict]:
        rng, total = self.rng, self.counts["articles"]
        span = (LAST_DAY - FIRST_DAY).days
        hot = [rng.randrange(span) for _ in range(6)]
        weights = [1.0 / (rank + 1) for rank in range(len(self.outlets))]
        days = []
        for _ in range(total):
            if rng.random() < 0.3:
                offset = int(rng.gauss(rng.choice(hot), 20))
            else:
                offset = rng.randrange(span + 1)
            days.append(FIRST_DAY + dt.timedelta(days=max(0, min(span, offset))))
        days.sort()
        articles = []
        for index, day in enumerate(days):
            outlet = rng.choices(self.outlets, weights=weights)[0]
            article = {"index": index, "date": day, "outlet": outlet, "events": [], "claims": [], "quotes": 0, "copy_of": None}
            if index > 5 and rng.random() < 0.02:
                earlier = [a for a in articles[max(0, index - 40):] if a["copy_of"] is None and (day - a["date"]).days <= 3 and a["outlet"] is not outlet]
                if earlier:
                    article["copy_of"] = rng.choice(earlier)
            articles.append(article)
        return articles

    def plan_events(self, articles: list[dict]) -> list[dict]:
        rng = self.rng
        sourceable = [a for a in articles if a["copy_of"] is None]
        dates = [a["date"] for a in articles]
        kinds, kind_weights = list(EVENT_KIND_WEIGHTS), list(EVENT_KIND_WEIGHTS.values())
        # A few places see most events (Zipf), as a front line does.
        hot_places = list(self.settlements)
        rng.shuffle(hot_places)
        cumulative, total = [], 0.0
        for rank in range(len(hot_places)):
            total += 1.0 / (rank + 1) ** 0.8
            cumulative.append(total)
        events: list[dict] = []
        at_place: dict[str, list[dict]] = {}
        for index in range(self.counts["events"]):
            article = rng.choice(sourceable)
            tries = 0
            while len(article["events"]) >= MAX_EVENTS_PER_ARTICLE:
                tries += 1
                article = rng.choice(sourceable) if tries < 20 else next((a for a in sourceable if len(a["events"]) < MAX_EVENTS_PER_ARTICLE), article)
                if tries > 25:
                    break
            day = max(FIRST_DAY, article["date"] - dt.timedelta(days=rng.choice((0, 0, 0, 1, 1, 2))))
            sources = [article]
            extra = rng.choices((0, 1, 2), weights=(55, 30, 15))[0]
            if extra:
                lo, hi = bisect.bisect_left(dates, day), bisect.bisect_right(dates, day + dt.timedelta(days=4))
                nearby = [a for a in articles[lo:hi] if a["copy_of"] is None and a is not article and len(a["events"]) < MAX_EVENTS_PER_ARTICLE]
                sources.extend(rng.sample(nearby, min(extra, len(nearby))))
            sources.sort(key=lambda a: a["index"])
            place = rng.choices(hot_places, cum_weights=cumulative)[0]
            oblast = _ancestor(place, "oblast") or place.parent
            places = [place]
            if rng.random() < 0.5 and oblast is not None:
                places.append(oblast)
            if rng.random() < 0.25:
                neighbours = [p for p in (place.parent.children if place.parent else []) if p is not place and p.kind in SETTLEMENT_KINDS]
                if neighbours:
                    places.insert(1, rng.choice(neighbours))
            defender = place.country if place.country != "russia" else "ukraine"
            attacker = "russia" if defender != "russia" else "ukraine"
            if place.country == "russia":
                attacker, defender = "ukraine", "russia"
            kind = rng.choices(kinds, weights=kind_weights)[0]
            event = {"index": index, "day": day, "kind": kind, "places": places, "place": place, "oblast": oblast or place,
                     "sources": sources, "att": attacker, "defender": defender, "claims": [], "related": []}
            self._event_parties(event)
            self._event_claims(event)
            for source in sources:
                source["events"].append(event)
            earlier = at_place.get(place.id, [])
            if rng.random() < 0.55 and (earlier or events):
                pool = earlier[-8:] if earlier and rng.random() < 0.8 else events[-50:]
                for other in rng.sample(pool, min(rng.randint(1, 3), len(pool))):
                    if all(other is not known for known in event["related"]):
                        event["related"].append(other)
            at_place.setdefault(place.id, []).append(event)
            events.append(event)
        return events

    def _side_pool(self, country: str) -> list[Entity]:
        pools = self.by_country.get(country, {})
        return pools.get("people", []) + pools.get("orgs", [])

    def _event_parties(self, event: dict) -> None:
        rng = self.rng
        people, orgs = [], []
        for side in (event["defender"], event["att"]):
            pool = self.by_country.get(side, {})
            if pool.get("orgs") and rng.random() < 0.85:
                orgs.append(rng.choice(pool["orgs"]))
            if pool.get("people") and rng.random() < 0.7:
                people.append(rng.choice(pool["people"]))
        if rng.random() < 0.3:
            orgs.append(rng.choice(self.orgs))
        if rng.random() < 0.2:
            people.append(rng.choice(self.people))
        if not orgs:
            orgs.append(rng.choice(self.orgs))
        event["people"] = list(dict.fromkeys(people))
        event["orgs"] = list(dict.fromkeys(orgs))

    def _event_claims(self, event: dict) -> None:
        rng = self.rng
        count = rng.choices((1, 2, 3, 4), weights=(30, 35, 20, 15))[0]
        disputed = count >= 2 and rng.random() < 0.45
        claims = []
        for index in range(count):
            if disputed and index < 2:
                stance = "asserts" if index == 0 else "denies"
                pool = self._side_pool(event["att"] if index == 0 else event["defender"])
            else:
                stance = rng.choices(list(STANCE_WEIGHTS), weights=list(STANCE_WEIGHTS.values()))[0]
                pool = event["people"] + event["orgs"]
            if rng.random() < 0.08:
                by = rng.choice(self.outlets)
            else:
                by = rng.choice(pool or self.orgs)
                if by.kind == "person" and by not in event["people"]:
                    event["people"].append(by)
                elif by.kind != "person" and by not in event["orgs"]:
                    event["orgs"].append(by)
            source = event["sources"][0] if rng.random() < 0.6 else rng.choice(event["sources"])
            number = rng.randint(3, 30)
            quote_template, says_template = rng.choice(QUOTES[stance])
            place_label = event["place"].label(rng)
            claim = {
                "by": by, "stance": stance, "source": source,
                "says": says_template.format(P=place_label, n=number),
                "quote": None,
                "via": None,
                "date": None,
            }
            if source["quotes"] < MAX_QUOTES_PER_ARTICLE and rng.random() < 0.55:
                claim["quote"] = quote_template.format(P=place_label, n=number)
                source["quotes"] += 1
            if rng.random() < 0.25:
                via = rng.choice(self.outlets + [o for o in self.orgs if o.kind in ("agency", "media", "monitor")])
                if via is not source["outlet"]:
                    claim["via"] = via
            if rng.random() < 0.15 and event["day"] != source["date"]:
                claim["date"] = event["day"]
            claims.append(claim)
            source["claims"].append(claim)
        event["claims"] = claims
        event["disputed"] = disputed

    # -- text -----------------------------------------------------------------------------

    def _context(self, article: dict) -> Context:
        rng = self.rng
        events = article["events"]
        if events:
            main = events[0]
            place, oblast = main["place"], main["oblast"]
            places = list(dict.fromkeys(p for e in events for p in e["places"] if p.kind in SETTLEMENT_KINDS))
            people = list(dict.fromkeys(p for e in events for p in e["people"]))
            orgs = list(dict.fromkeys(o for e in events for o in e["orgs"]))
            att, defender = main["att"], main["defender"]
        else:
            place = rng.choice(self.settlements)
            oblast = _ancestor(place, "oblast") or place.parent or place
            places, people, orgs = [place], [], []
            defender = place.country if place.country != "russia" else "ukraine"
            att = "russia" if defender != "russia" else "ukraine"
        siblings = [p for p in (place.parent.children if place.parent else []) if p.kind in SETTLEMENT_KINDS]
        for other in rng.sample(siblings, min(2, len(siblings))):
            if other not in places:
                places.append(other)
        if len(people) < 2:
            people += rng.sample(self.people, min(2, len(self.people)))
        if len(orgs) < 2:
            orgs += rng.sample(self.orgs, min(2, len(self.orgs)))
        return Context(rng, places, oblast, people, orgs, att, defender, _day_text(article["date"]))

    def _claim_paragraph(self, claim: dict, ctx: Context) -> str:
        rng = self.rng
        who = claim["by"].label(rng)
        via = claim["via"]
        if claim["quote"]:
            if via is not None:
                text = f"\"{claim['quote']},\" {who} told {via.label(rng)}."
            elif rng.random() < 0.5:
                text = f"\"{claim['quote']},\" {who} {rng.choice(SAID)}."
            else:
                text = f"{who} {rng.choice(SAID)}: \"{claim['quote']}.\""
        else:
            said = f"told {via.label(rng)}" if via is not None else rng.choice(SAID)
            text = f"{who} {said} that {claim['says']}"
        follow = rng.choice((
            "The claim could not be independently verified.",
            f"{ctx.fill('{Org}')} did not comment on the statement.",
            "No evidence was provided to support the statement.",
            ctx.fill("Fighting in the area around {P} continued, according to local officials."),
            "",
        ))
        return f"{_first_upper(text)} {follow}".rstrip()

    def write_body(self, article: dict) -> str:
        rng = self.rng
        ctx = self._context(article)
        paragraphs: list[str] = []
        for event in article["events"]:
            event_ctx = Context(rng, [event["place"]], event["oblast"], event["people"] or ctx.people, event["orgs"], event["att"], event["defender"], _day_text(event["day"]))
            lead = event_ctx.fill(LEAD[event["kind"]]) + " " + ctx.sentence()
            paragraphs.append(lead)
            for claim in event["claims"]:
                if claim["source"] is article:
                    paragraphs.append(self._claim_paragraph(claim, event_ctx))
        if not paragraphs:
            paragraphs.append(ctx.sentence() + " " + ctx.sentence())
        words = sum(len(p.split()) for p in paragraphs)
        target = max(rng.randint(650, 1150), words)
        while words < target:
            sentences = []
            for _ in range(rng.randint(2, 4)):
                sentence = ctx.sentence()
                sentences.append(sentence)
                words += len(sentence.split())
                if words >= target:
                    break
            paragraph = " ".join(sentences)
            position = rng.randint(1, len(paragraphs))
            paragraphs.insert(position, paragraph)
        body = "\n\n".join(paragraphs)
        if article["outlet"].extra["curly"]:
            body = _curly(body)
        count = len(body.split())
        if not WORDS_MIN <= count <= WORDS_MAX:
            raise RuntimeError(f"article body of {count} words")
        return body + "\n"

    def _title(self, article: dict) -> str:
        rng = self.rng
        ctx = self._context(article)
        if article["events"]:
            event = article["events"][0]
            ctx = Context(rng, [event["place"]], event["oblast"], event["people"] or ctx.people, event["orgs"], event["att"], event["defender"], "")
            return ctx.fill(rng.choice(ARTICLE_TITLES))
        return ctx.fill(rng.choice(GENERIC_TITLES))

    # -- writing ----------------------------------------------------------------------------

    def write(self, out_dir: Path) -> dict[str, int]:
        rng = self.rng
        self.make_places()
        self.make_organizations()
        self.make_people()
        self.make_outlets()
        articles = self.plan_articles()
        events = self.plan_events(articles)
        for folder in FOLDERS:
            (out_dir / folder).mkdir(parents=True, exist_ok=True)
        counts = dict.fromkeys(FOLDERS, 0)
        for kind, entities, schema in (("places", self.places, "place"), ("organizations", self.orgs, "organization"),
                                       ("people", self.people, "person"), ("outlets", self.outlets, "outlet")):
            for entity in entities:
                _write(out_dir / kind / f"{entity.id}.yml", to_yaml(entity.fields, schema))
                counts[kind] += 1

        # Articles: titles and ids first (events name them), then bodies and captures.
        for article in articles:
            if article["copy_of"] is not None:
                original = article["copy_of"]
                article["title"] = original["title"]
            else:
                article["title"] = self._title(article)
            slug = slugify(article["title"])
            article["id"] = self.registry.unique_id(f"{article['outlet'].id}-{article['date'].isoformat()}-{slug}")
        for article in articles:
            outlet = article["outlet"]
            if article["copy_of"] is not None:
                body = article["copy_of"]["body"]
            else:
                body = self.write_body(article)
            article["body"] = body
            authors = [] if rng.random() < 0.15 else [self._author() for _ in range(rng.choices((1, 2), weights=(80, 20))[0])]
            captions = []
            if rng.random() < 0.3:
                place = article["events"][0]["place"] if article["events"] else rng.choice(self.settlements)
                captions.append(f"A damaged {rng.choice(INFRA)} in {place.name} on {_day_text(article['date'])}, {article['date'].year}. (Photo: {self._author()})")
            notes = ["Editor's note: This is a developing story and is being updated."] if rng.random() < 0.05 else []
            raw_text, suffix = self._capture(article, body, authors, captions)
            raw_bytes = raw_text.encode("utf-8")
            digest = hashlib.sha256(raw_bytes).hexdigest()
            raw_name = f"{article['index']:06d}_{digest[:16]}.{suffix}"
            _write_bytes(out_dir / "raw" / raw_name, raw_bytes)
            front = {
                "title": article["title"],
                "outlet": outlet.id,
                "date": Raw(f"'{article['date'].isoformat()}'"),
                "authors": authors,
                "language": "en",
                "url": f"{outlet.extra['site']}/{article['date']:%Y/%m/%d}/{slugify(article['title'], 80)}/",
                "raw": f"raw/{raw_name}",
                "sha256": digest,
                "captions": captions or None,
                "notes": notes or None,
                "copy_of": article["copy_of"]["id"] if article["copy_of"] is not None else None,
            }
            _write(out_dir / "articles" / f"{article['id']}.md", "---\n" + to_yaml(front) + "---\n\n" + body)
            counts["articles"] += 1
            counts["raw"] += 1

        for event in events:
            self._event_id(event)
        for event in events:
            _write(out_dir / "events" / f"{event['id']}.yml", to_yaml(self._event_fields(event), "event"))
            counts["events"] += 1

        for page in sorted((REPO / "content" / "pages").glob("*.md")):
            _write_bytes(out_dir / "pages" / page.name, page.read_bytes())
            counts["pages"] += 1
        return counts

    def _author(self) -> str:
        rng = self.rng
        if rng.random() < 0.5:
            first = rng.choice(FIRST_NAMES)[0]
            last = rng.choice(SURNAME_ROOTS) + rng.choice(SURNAME_SUFFIXES)[0]
        else:
            first = rng.choice(WESTERN_FIRST)
            last = rng.choice(WESTERN_ROOTS) + rng.choice(WESTERN_ENDS)
        return f"{first} {last}"

    def _capture(self, article: dict, body: str, authors: list[str], captions: list[str]) -> tuple[str, str]:
        """The raw capture as a reader would save it: page furniture, headline, byline, text."""
        outlet, day = article["outlet"], article["date"]
        dateline = f"{MONTHS[day.month - 1]} {day.day}, {day.year}"
        byline = f"by {' and '.join(authors)} {dateline} {self.rng.randint(1, 12)}:{self.rng.randint(0, 59):02d} {'AM' if self.rng.random() < 0.5 else 'PM'}" if authors else dateline
        paragraphs = body.strip().split("\n\n")
        if outlet.extra["html"]:
            parts = [
                "<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
                f"<title>{html.escape(article['title'])} | {html.escape(outlet.name)}</title>",
                f'<meta property="article:published_time" content="{day.isoformat()}T08:00:00+00:00">',
                *(f'<meta name="author" content="{html.escape(a)}">' for a in authors),
                "</head>", "<body>", f"<header><a href=\"{outlet.extra['site']}\">{html.escape(outlet.name)}</a></header>",
                "<main><article>", f"<h1>{html.escape(article['title'])}</h1>", f'<p class="byline">{html.escape(byline)}</p>',
                *(f"<figure><figcaption>{html.escape(c)}</figcaption></figure>" for c in captions),
                *(f"<p>{html.escape(p)}</p>" for p in paragraphs),
                "</article></main>", f"<aside>{html.escape(outlet.extra['appeal'])}</aside>",
                f"<footer>{html.escape(outlet.extra['newsletter'])}</footer>", "</body>", "</html>",
            ]
            return "\n".join(parts) + "\n", "html"
        lines = [f" date {day.isoformat()} {outlet.extra['appeal']}", article["title"], "", byline, *captions, ""]
        lines += ["\n\n".join(paragraphs), "", outlet.extra["newsletter"], f"© {day.year} {outlet.name}"]
        return "\n".join(lines) + "\n", "txt"

    def _event_id(self, event: dict) -> None:
        rng = self.rng
        day: dt.date = event["day"]
        roll = rng.random()
        if roll < 0.08:
            date: object = Raw(f"{day:%Y-%m}")
            event["approximate"] = rng.random() < 0.7
            date_text = f"{day:%Y-%m}"
        elif roll < 0.09:
            date, date_text = Raw(f"{day.year}"), f"{day.year}"
            event["approximate"] = True
        elif roll < 0.16:
            end = min(LAST_DAY, day + dt.timedelta(days=rng.randint(1, 10)))
            date, date_text = {"start": Raw(day.isoformat()), "end": Raw(end.isoformat())}, day.isoformat()
            event["approximate"] = False
        else:
            date, date_text = Raw(day.isoformat()), day.isoformat()
            event["approximate"] = False
        event["date"] = date
        ctx = Context(rng, [event["place"]], event["oblast"], event["people"] or self.people[:1], event["orgs"], event["att"], event["defender"], "")
        title = ctx.fill(EVENT_TITLES[event["kind"]], {"P": event["place"].name, "O": event["oblast"].name})
        if event["disputed"]:
            title += rng.choice(("; accounts differ", "; claims disputed", f"; {SIDE_ADJ[event['defender']]} officials deny"))
        event["title"] = title
        event["id"] = self.registry.unique_id(f"{date_text}-{slugify(title)}")
        event["summary_ctx"] = ctx

    def _event_fields(self, event: dict) -> dict[str, object]:
        rng = self.rng
        ctx: Context = event["summary_ctx"]
        ctx.when = _day_text(event["day"]) + f", {event['day'].year}"
        sentences = [ctx.fill(LEAD[event["kind"]], {"P": event["place"].name, "O": event["oblast"].name})]
        for claim in event["claims"][:3]:
            sentences.append(_first_upper(f"{claim['by'].prose_name()} {SUMMARY_VERBS[claim['stance']]} that {claim['says']}"))
        if rng.random() < 0.4:
            sentences.append(ctx.fill(rng.choice(FILLER), {"P": event["place"].name}))
        status = None
        roll = rng.random()
        if roll < 0.06:
            status = "confirmed"
        elif roll < 0.09:
            status = "refuted"
        claims = []
        for claim in event["claims"]:
            claims.append({
                "by": claim["by"].id,
                "stance": claim["stance"],
                "says": Folded(_first_upper(claim["says"])) if len(claim["says"]) > 60 else _first_upper(claim["says"]),
                "quote": Folded(claim["quote"]) if claim["quote"] else None,
                "source": claim["source"]["id"],
                "date": Raw(claim["date"].isoformat()) if claim["date"] else None,
                "via": claim["via"].id if claim["via"] is not None else None,
            })
        return {
            "title": event["title"],
            "date": event["date"],
            "approximate": True if event["approximate"] else None,
            "status": status,
            "kind": event["kind"],
            "places": [p.id for p in event["places"]],
            "people": [p.id for p in event["people"]] or None,
            "organizations": [o.id for o in event["orgs"]] or None,
            "summary": Folded(" ".join(sentences)),
            "claims": claims,
            "sources": [a["id"] for a in event["sources"]],
            "related": [e["id"] for e in event["related"]] or None,
        }


def _ancestor(place: Entity, level: str) -> Entity | None:
    node = place.parent
    while node is not None:
        if node.extra.get("level") == level:
            return node
        node = node.parent
    return None


def _pattern(text: str) -> str:
    return re.escape(text).replace("\\ ", " ")


def _ordinal(number: int) -> str:
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def _uk_adjective(cyrillic: str, gender: str) -> str:
    """Харків -> Харківська (область) / Харківський (район); Купʼянськ -> Купʼянська."""
    ending = "ська" if gender == "f" else "ський"
    if cyrillic.endswith("ськ"):
        return cyrillic[:-3] + ending
    if cyrillic[-1:] in "аеиіоуяєїь":
        return cyrillic[:-1] + ending
    return cyrillic + ending


def _role_title(rng: random.Random, org: Entity) -> str:
    titles = {
        "armed-forces": ("Commander-in-Chief of the {o}", "Spokesperson of the {o}"),
        "military-command": ("Spokesperson of the {o}", "Chief of the {o}", "Deputy Chief of the {o}"),
        "military-unit": ("Commander of the {o}", "Spokesperson of the {o}", "Press officer of the {o}"),
        "ministry": ("Minister, {o}", "Deputy Minister, {o}", "Spokesperson of the {o}"),
        "government": ("Prime Minister, {o}", "Minister in the {o}"),
        "parliament": ("Member of the {o}", "Chair of the defence committee of the {o}"),
        "head-of-state-office": ("Head of the {o}", "Adviser to the head of the {o}"),
        "local-authority": ("Head of the {o}", "Deputy head of the {o}"),
        "international": ("Spokesperson for the {o}", "Special envoy of the {o}"),
    }.get(org.kind, ("Director of {o}", "Analyst at {o}", "Founder of {o}"))
    return rng.choice(titles).format(o=org.name)


def _curly(text: str) -> str:
    """Typographic quotes and apostrophes, as many outlets print them."""
    text = re.sub(r"\"(?=\w)", "“", text)
    text = text.replace("\"", "”")
    return re.sub(r"(?<=\w)'(?=\w)", "’", text)


def _write(path: Path, text: str) -> None:
    path.write_bytes(text.encode("utf-8"))


def _write_bytes(path: Path, data: bytes) -> None:
    path.write_bytes(data)


def write_archive(out_dir: Path, pages: int, seed: int = 1) -> dict[str, int]:
    """Write a content folder of about `pages` record pages to out_dir (new or empty);
    returns how many files of each kind it wrote."""
    out_dir = Path(out_dir)
    if out_dir.exists() and any(out_dir.iterdir()):
        raise FileExistsError(f"{out_dir} is not empty")
    return Generator(pages, seed).write(out_dir)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, required=True, help="record pages the site gets (events, articles, places, people, organizations, outlets)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, required=True, help="a new or empty folder")
    args = parser.parse_args(argv)
    if args.pages < 1:
        print("synthetic: --pages must be at least 1", file=sys.stderr)
        return 2
    if args.out.exists() and (not args.out.is_dir() or any(args.out.iterdir())):
        print(f"synthetic: {args.out} is not an empty folder; give a new or empty one", file=sys.stderr)
        return 2
    started = time.perf_counter()
    counts = write_archive(args.out, args.pages, args.seed)
    seconds = time.perf_counter() - started
    record_pages = sum(counts[kind] for kind in KINDS)
    shown = " ".join(f"{kind}={counts[kind]}" for kind in FOLDERS)
    print(f"synthetic pages={record_pages} {shown} seed={args.seed} seconds={seconds:.2f} out={args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
