import type { KeyValueState } from '../../src/core/store';

/** An in-memory stand-in for VS Code's Memento, which stores JSON: values are copied on write. */
export class MemoryState implements KeyValueState {
  readonly values = new Map<string, string>();

  get<T>(key: string): T | undefined {
    const json = this.values.get(key);
    return json === undefined ? undefined : (JSON.parse(json) as T);
  }

  async update(key: string, value: unknown): Promise<void> {
    this.values.set(key, JSON.stringify(value));
  }
}
