// The one entry of gpt-tokenizer Parley uses. Its types sit behind the package's `exports` map,
// which this project's `moduleResolution: node` does not read; esbuild and Node resolve it fine.
declare module 'gpt-tokenizer/encoding/o200k_base' {
  export function countTokens(text: string, options?: { disallowedSpecial?: Set<string> }): number;
}
