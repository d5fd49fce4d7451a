/**
 * The two ways a person starts the generator at a terminal: the real `yo` (installed from the packed package, run
 * as the unprivileged user `nobody`, because yo refuses root) and the `go-container` bin. Each run gets a directory
 * and a home of its own (no git config: the defaults do not depend on this machine's).
 */
import { tmpdir } from 'node:os';
import { CLI } from '../../helpers/paths.js';
import { workspaceUnder, yoCommand, yoWorkspace } from '../../helpers/yo.js';
import { TerminalSession } from './terminal.js';

export type Launcher = 'yo' | 'go-container';
export const LAUNCHERS: readonly Launcher[] = ['yo', 'go-container'];

export interface Workspace {
  readonly launcher: Launcher;
  readonly dir: string;
  readonly home: string;
}

export interface WorkspaceContents {
  /** Files to write first, by relative path. */
  readonly files?: Readonly<Record<string, string>>;
  /** A directory to copy first (a fixture module). */
  readonly fixture?: string;
}

export class Launch {
  private readonly sessions: TerminalSession[] = [];

  /** `yoPrefix`: where installWithYo installed yo and the packed package. */
  constructor(private readonly yoPrefix: string) {}

  /** Ends every program still running (a failed test leaves it waiting at a question). */
  killAll(): void {
    for (const session of this.sessions.splice(0)) session.kill();
  }

  private track(session: TerminalSession): TerminalSession {
    this.sessions.push(session);
    return session;
  }

  workspace(launcher: Launcher, { files = {}, fixture }: WorkspaceContents = {}): Workspace {
    const { work, home } =
      launcher === 'yo' ? yoWorkspace(this.yoPrefix, { ...files }, fixture) : workspaceUnder(tmpdir(), files, fixture);
    return { launcher, dir: work, home };
  }

  /** Starts the generator in the workspace on a new terminal, with `args` after `yo go-container` or `go-container`. */
  start(workspace: Workspace, args: readonly string[] = [], generator = 'go-container'): TerminalSession {
    const env = { PATH: process.env['PATH'] ?? '', HOME: workspace.home, TERM: 'xterm-256color', LANG: 'C.UTF-8' };
    if (workspace.launcher === 'yo') {
      const [file, ...rest] = yoCommand(this.yoPrefix, workspace.home, [generator, ...args]);
      return this.track(
        new TerminalSession(`yo ${generator} ${args.join(' ')}`, file, rest, { cwd: workspace.dir, env }),
      );
    }
    return this.track(
      new TerminalSession(`go-container ${args.join(' ')}`, process.execPath, [CLI, ...args], {
        cwd: workspace.dir,
        env,
      }),
    );
  }
}
