import type { PreviewProtocol } from '../render/image-preview.js';
import type { Io } from './io.js';

/** The `--preview` values. */
export const PREVIEW_MODES = ['auto', 'kitty', 'iterm', 'blocks', 'off'] as const;
/** One `--preview` value. */
export type PreviewMode = (typeof PREVIEW_MODES)[number];

/**
 * Chooses how to preview images, from the environment only (stdin is usually the stream): none unless
 * stderr is a terminal, nor in CI or on a dumb terminal; half-blocks inside tmux (it swallows graphics);
 * kitty or iTerm2 where the terminal says so; half-blocks otherwise — but never half-blocks without colour.
 */
export function choosePreview(mode: PreviewMode, io: Io, colour: boolean): PreviewProtocol | null {
  if (mode === 'off' || io.stderr.isTTY !== true) return null;
  const env = io.env;
  if (mode === 'kitty' || mode === 'iterm') return mode;
  if (mode === 'blocks') return 'blocks';
  if (env.CI !== undefined || env.TERM === 'dumb') return null;
  const blocks = colour ? 'blocks' : null;
  if (env.TMUX !== undefined || (env.TERM ?? '').startsWith('screen') || (env.TERM ?? '').startsWith('tmux')) return blocks;
  if (env.KITTY_WINDOW_ID !== undefined || env.TERM === 'xterm-kitty' || env.TERM_PROGRAM === 'ghostty') return 'kitty';
  if (env.TERM_PROGRAM === 'iTerm.app' || env.LC_TERMINAL === 'iTerm2' || env.TERM_PROGRAM === 'WezTerm') return 'iterm';
  return blocks;
}
