/**
 * A person at a terminal: the program runs on a real pseudo-terminal (node-pty) of 80 columns, and what it prints
 * is rendered by a terminal emulator (xterm.js, headless), so the tests read the screen a person sees (after every
 * redraw and erase of the prompts), not the raw byte stream, and type keys into it.
 */
import pty from '@lydell/node-pty';
import xterm from '@xterm/headless';

export const COLUMNS = 80;
export const ROWS = 30;

/** Keys as a terminal sends them. */
export const KEY = {
  enter: '\r',
  space: ' ',
  up: '\u001b[A',
  down: '\u001b[B',
  backspace: '\u007f',
  ctrlC: '\u0003',
} as const;

export interface Exit {
  readonly code: number;
  readonly signal: number;
}

export interface StartOptions {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
}

const DEFAULT_WAIT_MS = 30_000;

export class TerminalSession {
  readonly exited: Promise<Exit>;
  private readonly terminal: xterm.Terminal;
  private readonly child: pty.IPty;
  private writes = 0;
  private hasExited = false;

  constructor(
    readonly commandLine: string,
    file: string,
    args: readonly string[],
    { cwd, env }: StartOptions,
  ) {
    this.terminal = new xterm.Terminal({ cols: COLUMNS, rows: ROWS, scrollback: 5000, allowProposedApi: true });
    this.child = pty.spawn(file, [...args], { name: 'xterm-256color', cols: COLUMNS, rows: ROWS, cwd, env });
    this.child.onData((data) => {
      this.writes++;
      this.terminal.write(data, () => this.writes--);
    });
    this.exited = new Promise((resolve) =>
      this.child.onExit(({ exitCode, signal }) => {
        this.hasExited = true;
        // The last output may still be on its way through the emulator.
        void this.settled().then(() => resolve({ code: exitCode, signal: signal ?? 0 }));
      }),
    );
  }

  /**
   * Every line the program printed (the scrollback and the screen), as a person would see them now; a line the
   * terminal wrapped at 80 columns is given whole, as the program wrote it.
   */
  transcript(): string {
    const buffer = this.terminal.buffer.active;
    const lines: string[] = [];
    for (let row = 0; row < buffer.length; row++) {
      const line = buffer.getLine(row);
      const text = line?.translateToString(true) ?? '';
      if (line?.isWrapped && lines.length > 0) lines[lines.length - 1] += text;
      else lines.push(text);
    }
    while (lines.length > 0 && lines.at(-1) === '') lines.pop();
    return lines.join('\n');
  }

  /** The visible screen only. */
  screen(): string {
    const buffer = this.terminal.buffer.active;
    const lines: string[] = [];
    for (let row = buffer.viewportY; row < buffer.viewportY + ROWS; row++) {
      lines.push(buffer.getLine(row)?.translateToString(true) ?? '');
    }
    return lines.join('\n').trimEnd();
  }

  /** The line the cursor is on: where a prompt waits for input. */
  cursorLine(): string {
    const buffer = this.terminal.buffer.active;
    return buffer.getLine(buffer.baseY + buffer.cursorY)?.translateToString(true) ?? '';
  }

  type(text: string): void {
    if (this.hasExited)
      throw new Error(`typed ${JSON.stringify(text)} after the program exited:\n${this.transcript()}`);
    this.child.write(text);
  }

  /** Waits until `seen` holds for the screen (scrollback included), or fails showing the screen. */
  async waitUntil(description: string, seen: (transcript: string) => boolean, timeoutMs = DEFAULT_WAIT_MS) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      await this.settled();
      if (seen(this.transcript())) return;
      if (this.hasExited || Date.now() > deadline) {
        await this.settled();
        if (seen(this.transcript())) return;
        const why = this.hasExited ? 'the program exited first' : `not within ${timeoutMs} ms`;
        throw new Error(`${this.commandLine}: never saw ${description} (${why}). The terminal:\n${this.transcript()}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  async waitFor(text: string | RegExp, timeoutMs = DEFAULT_WAIT_MS): Promise<void> {
    await this.waitUntil(
      JSON.stringify(String(text)),
      (transcript) => (typeof text === 'string' ? transcript.includes(text) : text.test(transcript)),
      timeoutMs,
    );
  }

  isRunning(): boolean {
    return !this.hasExited;
  }

  kill(): void {
    if (!this.hasExited) this.child.kill('SIGKILL');
  }

  /** Resolves once everything received so far has been drawn. */
  private async settled(): Promise<void> {
    while (this.writes > 0) await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
