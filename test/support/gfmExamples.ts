// GitHub Flavored Markdown's extensions (tables, task lists, strikethrough, autolink literals, the
// disallowed raw HTML). No package on the npm registry ships the GFM spec's examples (commonmark-spec
// holds CommonMark's only; cmark-gfm's package holds no spec text), so they are written here, in the
// GFM spec's sections and order: many are its examples, the rest what answers write. They are held to
// the CommonMark examples' rule: streamed = whole, and equal to marked's GFM rendering but for the
// deliberate differences. Numbered from 1001 so a failure never names a CommonMark example.

export interface GfmExample {
  readonly number: number;
  readonly section: string;
  readonly markdown: string;
}

const EXAMPLES: ReadonlyArray<readonly [section: string, markdown: string]> = [
  ['Tables', '| foo | bar |\n| --- | --- |\n| baz | bim |\n'],
  ['Tables', '| abc | defghi |\n:-: | -----------:\nbar | baz\n'],
  ['Tables', '| Left | Center | Right | None |\n| :--- | :----: | ----: | --- |\n| 1 | 2 | 3 | 4 |\n'],
  ['Tables', '| f\\|oo  |\n| ------ |\n| b `\\|` az |\n| b **\\|** im |\n'],
  ['Tables', '| abc | def |\n| --- | --- |\n| bar | baz |\n> bar\n'],
  ['Tables', '| abc | def |\n| --- | --- |\n| bar | baz |\nbar\n\nbar\n'],
  ['Tables', '| abc | def |\n| --- |\n| bar |\n'],
  ['Tables', '| abc | def |\n| --- | --- |\n| bar |\n| bar | baz | boo |\n'],
  ['Tables', '| abc | def |\n| --- | --- |\n'],
  ['Tables', 'Some text before\n\n| a | b |\n|---|---|\n| `code` | [link](https://example.com) |\n| *em* | **strong** |\n\nand after.\n'],
  [
    'Tables',
    '| Name | Description |\n|------|-------------|\n| `map` | Applies a function to each element of a list and returns the new list |\n| `filter` | Keeps the elements for which the predicate holds |\n',
  ],
  ['Tables', '- item\n\n  | a | b |\n  |---|---|\n  | 1 | 2 |\n'],
  ['Tables', '> | a | b |\n> |---|---|\n> | 1 | 2 |\n'],
  ['Tables', '|a|b|\n|-|-|\n|1|2|\n|3|4|\n\n|c|\n|-|\n|5|\n'],
  ['Task list items', '- [ ] foo\n- [x] bar\n'],
  ['Task list items', '- [x] foo\n  - [ ] bar\n  - [x] baz\n- [ ] bim\n'],
  ['Task list items', '1. [x] done first\n2. [ ] then this\n'],
  ['Task list items', '- [ ] an item with `code` and **bold**\n\n- [X] a loose item, capital X\n'],
  ['Strikethrough', '~~Hi~~ Hello, ~there~ world!\n'],
  ['Strikethrough', 'This ~~has a\n\nnew paragraph~~.\n'],
  ['Strikethrough', 'This will ~~~not~~~ strike.\n'],
  ['Strikethrough', '~~**bold inside**~~ and **~~strike inside~~**\n'],
  ['Strikethrough', '`~~not in code~~` and ~~a `code` span~~\n'],
  ['Autolinks', 'www.commonmark.org\n'],
  ['Autolinks', 'Visit www.commonmark.org/help for more information.\n'],
  ['Autolinks', 'Visit www.commonmark.org.\n\nVisit www.commonmark.org/a.b.\n'],
  ['Autolinks', 'www.google.com/search?q=Markup+(business)\n\nwww.google.com/search?q=Markup+(business)))\n\n(www.google.com/search?q=Markup+(business))\n'],
  ['Autolinks', 'www.google.com/search?q=commonmark&hl=en\n\nwww.google.com/search?q=commonmark&hl;\n'],
  ['Autolinks', 'www.commonmark.org/he<lp\n'],
  ['Autolinks', 'http://commonmark.org\n\n(Visit https://encrypted.google.com/search?q=Markup+(business))\n'],
  ['Autolinks', 'foo@bar.baz\n'],
  ['Autolinks', "hello@mail+xyz.example isn't valid, but hello+xyz@mail.example is.\n"],
  ['Autolinks', 'a.b-c_d@a.b\n\na.b-c_d@a.b.\n\na.b-c_d@a.b-\n\na.b-c_d@a.b_\n'],
  ['Autolinks', 'See https://example.com/docs/page_(disambiguation) and `https://not.a.link`.\n'],
  ['Disallowed raw HTML', '<strong> <title> <style> <em>\n\n<blockquote>\n  <xmp> is disallowed.  <XMP> is also disallowed.\n</blockquote>\n'],
];

export const GFM_EXAMPLES: readonly GfmExample[] = EXAMPLES.map(([section, markdown], i) => ({ number: 1001 + i, section, markdown }));
