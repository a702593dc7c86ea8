// Colours of the ladder, read from VS Code's theme variables each time the theme changes, so
// the canvas matches light, dark and high-contrast themes like the DOM around it.
import { themeVar } from '../dom';

export interface Palette {
  background: string;
  foreground: string;
  dim: string;
  lane: string;
  red: string;
  orange: string;
  yellow: string;
  green: string;
  blue: string;
  purple: string;
  selection: string;
  highlight: string;
  highlightBorder: string;
  focusBorder: string;
  font: string;
  monoFont: string;
  highContrast: boolean;
}

/** Calls `onChange` with a fresh palette whenever VS Code changes the theme (body class, root style). */
export function watchPalette(onChange: (palette: Palette) => void): void {
  const watch = new MutationObserver(() => onChange(readPalette()));
  watch.observe(document.body, { attributes: true, attributeFilter: ['class'] });
  watch.observe(document.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });
}

export function readPalette(): Palette {
  const hc = document.body.classList.contains('vscode-high-contrast') || document.body.classList.contains('vscode-high-contrast-light');
  return {
    background: themeVar('--vscode-editor-background', '#1e1e1e'),
    foreground: themeVar('--vscode-editor-foreground', themeVar('--vscode-foreground', '#cccccc')),
    dim: themeVar('--vscode-descriptionForeground', '#9d9d9d'),
    lane: themeVar('--vscode-editorLineNumber-foreground', '#858585'),
    red: themeVar('--vscode-charts-red', '#f14c4c'),
    orange: themeVar('--vscode-charts-orange', '#d18616'),
    yellow: themeVar('--vscode-charts-yellow', '#cca700'),
    green: themeVar('--vscode-charts-green', '#89d185'),
    blue: themeVar('--vscode-charts-blue', '#3794ff'),
    purple: themeVar('--vscode-charts-purple', '#b180d7'),
    selection: themeVar('--vscode-list-activeSelectionBackground', '#04395e'),
    highlight: themeVar('--vscode-editor-findMatchHighlightBackground', 'rgba(234, 92, 0, 0.33)'),
    highlightBorder: themeVar('--vscode-editor-findMatchBorder', themeVar('--vscode-charts-orange', '#d18616')),
    focusBorder: themeVar('--vscode-focusBorder', '#007fd4'),
    font: themeVar('--vscode-font-family', 'system-ui, sans-serif'),
    monoFont: themeVar('--vscode-editor-font-family', 'monospace'),
    highContrast: hc,
  };
}
