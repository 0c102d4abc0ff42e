"""Material's stylesheets cut down to the rules the built site can use.

Material ships one stylesheet for every feature it has (code blocks, content tabs,
tooltips, versions, twenty admonition types, right-to-left pages...) and one for
every colour; a page blocks its first paint until both have arrived, and on a
phone most of their 150 kB is never used. After a build, each is rewritten in
place (from the theme's own copy, so a `--dirty` build prunes afresh) keeping:

- every rule whose classes can all be there: each is in a class attribute of a
  built page, or a word of one of the site's own scripts (the search results
  search.js draws), or one of `RUNTIME_CLASSES`, or a part or a state of a block
  that is on a page (`md-nav__link--active` of `md-nav`, `md-top--hidden`): the
  classes Material's script adds as the visitor scrolls, opens or types are all
  of this last kind (tests/test_styles.py holds the script to that);
- of the rules that depend on the page's direction or colours (`[dir=rtl]`,
  `[data-md-color-primary=red]`), only those for values a page or script uses;
- every at-rule but `@media` and `@supports`, which keep what is kept inside them;
- the custom properties (`--md-…`) that something kept uses, through any chain of
  `var()`: the icons of the admonitions the site never shows go with them.

What a selector puts inside `:not()` is never required; of an `:is()`, `:where()`
or `:has()`, one alternative is enough. Nothing is pruned by element name or id.
The output depends only on the stylesheet and the set of names found, which is
sorted, so the same site gives the same bytes.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import tinycss2
from tinycss2 import ast

log = logging.getLogger("mkdocs.generator")

STYLESHEETS = ("assets/stylesheets/main.*.min.css", "assets/stylesheets/palette.*.min.css")
# Material's script, not a page, puts these on elements, and they are no block's part: the
# focus-visible polyfill's classes, and `js` on <html> once scripts run.
RUNTIME_CLASSES = frozenset({"focus-visible", "js-focus-visible", "js"})
# Attributes whose values decide whether a rule can apply: the page's direction and its palette.
VALUED = re.compile(r"dir|data-md-color-[a-z]+")
_BLOCK = re.compile(r"[\w-]+?(?=__|--)")
_CLASS_ATTRIBUTE = re.compile(rb'\sclass="([^"]*)"')
_VALUED_ATTRIBUTE = re.compile(rb'\s(dir|data-md-color-[a-z]+)="([^"]*)"')
_WORD = re.compile(r"[A-Za-z_][\w-]*")
_VAR = re.compile(r"var\(\s*(--[\w-]+)")
_SOURCE_MAP = re.compile(r"\s*/\*# sourceMappingURL=[^*]*\*/\s*$")
_FUNCTIONS_ONE_OF = {"is", "where", "has", "matches", "-webkit-any", "-moz-any"}


@dataclass
class Names:
    """What the built site can use: the class names of its pages, the words of its own
    scripts (`extra_javascript`), the values of its valued attributes."""

    classes: set[str] = field(default_factory=set)
    words: set[str] = field(default_factory=set)
    values: set[tuple[str, str]] = field(default_factory=set)

    def has_class(self, name: str) -> bool:
        if name in self.classes or name in self.words or name in RUNTIME_CLASSES:
            return True
        # A part or a state of a block that is on a page ("md-top--hidden", "md-nav__link--active"),
        # which Material's script adds as the visitor scrolls, opens or types.
        block = _BLOCK.match(name)
        return block is not None and block.group(0) in self.classes

    def has_value(self, attribute: str, value: str) -> bool:
        return (attribute, value) in self.values or value in self.words


def names_in(site_dir: Path, scripts: Iterable[str] = ()) -> Names:
    """The class names of every built page and the words of `scripts` (paths in the site)."""
    names = Names()
    for page in site_dir.rglob("*.html"):
        html = page.read_bytes()
        for found in _CLASS_ATTRIBUTE.findall(html):
            names.classes.update(found.decode("utf-8", "replace").split())
        for attribute, value in _VALUED_ATTRIBUTE.findall(html):
            names.values.add((attribute.decode(), value.decode("utf-8", "replace")))
    for script in scripts:
        path = site_dir / script
        if path.is_file():
            names.words.update(_WORD.findall(path.read_text(encoding="utf-8", errors="replace")))
    return names


def prune_built_site(config) -> None:
    """After `mkdocs build`: prune the stylesheets of the site MkDocs has just written."""
    scripts = [str(getattr(script, "path", script)) for script in config.extra_javascript]
    sizes = prune_site(Path(config.site_dir), config.theme.dirs, scripts)
    before, after = sum(b for b, _ in sizes.values()), sum(a for _, a in sizes.values())
    log.info(
        "styles: Material's stylesheets cut to the rules the site uses, %d kB of %d kB", after // 1000, before // 1000
    )


def prune_site(site_dir: Path, theme_dirs: Iterable[str], scripts: Iterable[str] = ()) -> dict[str, tuple[int, int]]:
    """Prune Material's stylesheets in `site_dir` from the theme's copies, for the classes of
    the pages and of `scripts` (the site's own); gives each one's path and its size before and after."""
    names = names_in(site_dir, scripts)
    own_css = "".join(p.read_text(encoding="utf-8") for p in sorted(site_dir.glob("assets/*.css")))
    built = {}
    for pattern in STYLESHEETS:
        for path in sorted(site_dir.glob(pattern)):
            relative = path.relative_to(site_dir).as_posix()
            built[relative] = (_theme_copy(relative, theme_dirs) or path).read_text(encoding="utf-8")
    pruned = prune(built, names, also_used=own_css)
    for relative, css in pruned.items():
        path = site_dir / relative
        path.write_text(css, encoding="utf-8")
        path.with_name(path.name + ".map").unlink(missing_ok=True)  # it maps the whole file, no longer this one
    return {relative: (len(built[relative].encode()), len(css.encode())) for relative, css in pruned.items()}


def _theme_copy(relative: str, theme_dirs: Iterable[str]) -> Path | None:
    for folder in theme_dirs:
        candidate = Path(folder) / relative
        if candidate.is_file():
            return candidate
    return None


def prune(sheets: dict[str, str], names: Names, also_used: str = "") -> dict[str, str]:
    """Each of `sheets` with only the rules `names` can use, and the custom properties the
    rules kept in any of them use; `also_used` is other CSS (the site's own) whose uses of
    custom properties count too."""
    rules = {name: _kept(tinycss2.parse_stylesheet(css), names) for name, css in sheets.items()}
    used = _used_properties([rule for kept in rules.values() for rule in kept], names, also_used)
    return {name: _SOURCE_MAP.sub("", "".join(_serialize(rule, used) for rule in kept)) for name, kept in rules.items()}


def _kept(rules: list, names: Names) -> list:
    kept = []
    for rule in rules:
        if isinstance(rule, ast.QualifiedRule):
            selectors = [s for s in _split(rule.prelude) if _can_match(s, names)]
            if selectors:
                rule.prelude = _join(selectors)
                kept.append(rule)
        elif isinstance(rule, ast.AtRule) and rule.lower_at_keyword in ("media", "supports") and rule.content:
            inner = _kept(tinycss2.parse_rule_list(rule.content), names)
            if inner:
                kept.append(_Block(rule, inner))
        elif not isinstance(rule, ast.WhitespaceToken | ast.Comment):
            kept.append(rule)  # @charset, @font-face, @keyframes, @property...: kept as they are
    return kept


@dataclass
class _Block:
    """An @media or @supports rule with the rules kept inside it."""

    rule: ast.AtRule
    rules: list


def _split(tokens: list) -> list[list]:
    """A selector list's tokens split at its top-level commas."""
    parts: list[list] = [[]]
    for token in tokens:
        if isinstance(token, ast.LiteralToken) and token.value == ",":
            parts.append([])
        else:
            parts[-1].append(token)
    return [_strip(part) for part in parts if _strip(part)]


def _strip(tokens: list) -> list:
    start, end = 0, len(tokens)
    while start < end and isinstance(tokens[start], ast.WhitespaceToken | ast.Comment):
        start += 1
    while end > start and isinstance(tokens[end - 1], ast.WhitespaceToken | ast.Comment):
        end -= 1
    return tokens[start:end]


def _join(selectors: list[list]) -> list:
    joined: list = []
    for i, selector in enumerate(selectors):
        if i:
            joined.append(ast.LiteralToken(0, 0, ","))
        joined.extend(selector)
    return joined


def _can_match(tokens: list, names: Names) -> bool:
    """Whether one complex selector can match something on the site."""
    return all(
        _part_can_match(token, previous, names) for previous, token in zip([None, *tokens], tokens, strict=False)
    )


def _part_can_match(token, previous, names: Names) -> bool:
    if isinstance(token, ast.IdentToken) and isinstance(previous, ast.LiteralToken) and previous.value == ".":
        return names.has_class(token.value)
    if isinstance(token, ast.SquareBracketsBlock):
        return _attribute_can_match(token, names)
    if isinstance(token, ast.FunctionBlock) and token.lower_name in _FUNCTIONS_ONE_OF:
        return any(_can_match(alternative, names) for alternative in _split(token.arguments))
    return True  # :not(), an element, an id, a combinator: never required


def _attribute_can_match(block: ast.SquareBracketsBlock, names: Names) -> bool:
    parts = [t for t in block.content if not isinstance(t, ast.WhitespaceToken | ast.Comment)]
    if len(parts) == 3 and isinstance(parts[0], ast.IdentToken) and VALUED.fullmatch(parts[0].lower_value):
        operator, value = parts[1], parts[2]
        if isinstance(operator, ast.LiteralToken) and operator.value == "=" and hasattr(value, "value"):
            return names.has_value(parts[0].lower_value, str(value.value))
    return True


def _declarations(rule) -> list:
    return tinycss2.parse_blocks_contents(rule.content) if rule.content else []


def _used_properties(rules: list, names: Names, also_used: str) -> set[str]:
    """The custom properties something uses: a declaration that is not itself a custom
    property, the site's own CSS, a script, or a custom property that is used."""
    defines: dict[str, set[str]] = {}
    roots = set(_VAR.findall(also_used)) | {w for w in names.words if w.startswith("--")}
    for rule in _flatten(rules):
        if not isinstance(rule, ast.QualifiedRule):
            roots.update(_VAR.findall(tinycss2.serialize(rule.content or [])))
            continue
        for declaration in _declarations(rule):
            if isinstance(declaration, ast.Declaration):
                refs = set(_VAR.findall(tinycss2.serialize(declaration.value)))
                if declaration.name.startswith("--"):
                    defines.setdefault(declaration.name, set()).update(refs)
                else:
                    roots.update(refs)
    used, todo = set(), list(roots)
    while todo:
        name = todo.pop()
        if name not in used:
            used.add(name)
            todo.extend(defines.get(name, ()))
    return used


def _flatten(rules: list) -> Iterable:
    for rule in rules:
        if isinstance(rule, _Block):
            yield from _flatten(rule.rules)
        else:
            yield rule


def _serialize(rule, used: set[str]) -> str:
    if isinstance(rule, _Block):
        inner = "".join(_serialize(r, used) for r in rule.rules)
        prelude = tinycss2.serialize(rule.rule.prelude)
        return f"@{rule.rule.at_keyword}{prelude}{{{inner}}}"
    if not isinstance(rule, ast.QualifiedRule):
        return rule.serialize()
    kept = [
        d
        for d in _declarations(rule)
        if not (isinstance(d, ast.Declaration) and d.name.startswith("--") and d.name not in used)
    ]
    body = ";".join(_declaration(d) for d in kept if isinstance(d, ast.Declaration))
    return f"{tinycss2.serialize(rule.prelude)}{{{body}}}" if body else ""


def _declaration(declaration: ast.Declaration) -> str:
    value = tinycss2.serialize(declaration.value).strip()
    important = "!important" if declaration.important else ""
    return f"{declaration.name}:{value}{important}"
