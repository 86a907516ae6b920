import DOMPurify from 'dompurify';
import { Marked } from 'marked';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

// Model output is untrusted. Raw HTML is shown as text, images become links that are never
// fetched, and DOMPurify removes anything that could still run or load.
const marked = new Marked({
  gfm: true,
  breaks: false,
  renderer: {
    html: ({ text }) => escapeHtml(text),
    image: ({ href, text }) => `<a href="${escapeHtml(href)}" class="image-link">[image: ${escapeHtml(text || href)}]</a>`,
    code: ({ text, lang }) => {
      const language = (lang ?? '').trim().split(/\s+/)[0] ?? '';
      const label = language ? `<span class="code-language">${escapeHtml(language)}</span>` : '<span></span>';
      return `<div class="code-block"><div class="code-toolbar">${label}<button type="button" class="copy-code" aria-label="Copy code">Copy</button></div><pre><code${language ? ` class="language-${escapeHtml(language)}"` : ''}>${escapeHtml(text)}</code></pre></div>`;
    },
  },
});

const PURIFY_CONFIG = {
  FORBID_TAGS: ['style', 'img', 'svg', 'math', 'iframe', 'form', 'input', 'video', 'audio', 'source', 'object', 'embed'],
  FORBID_ATTR: ['style', 'srcset'],
  ALLOWED_URI_REGEXP: /^(?:https?:|#)/i,
};

export function renderMarkdown(text: string): string {
  return DOMPurify.sanitize(marked.parse(text, { async: false }), PURIFY_CONFIG);
}
