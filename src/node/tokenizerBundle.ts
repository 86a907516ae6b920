// Entry of dist/tokenizer.js: OpenAI's o200k tokenizer in a bundle of its own (2.7 MB), so the
// extension loads it only when a request to an OpenAI model first needs counting (tokenizer.ts).
export { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
