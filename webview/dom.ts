// Small DOM helpers. Every piece of text goes in through textContent: addresses, host names and
// interface names come from capture files and text logs, so they are never parsed as HTML.

export interface ElOptions {
  className?: string;
  text?: string;
  title?: string;
  attrs?: Record<string, string>;
}

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  options: ElOptions = {},
  children: (Node | null | undefined)[] = [],
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (options.className) node.className = options.className;
  if (options.text !== undefined) node.textContent = options.text;
  if (options.title !== undefined) node.title = options.title;
  if (options.attrs) for (const [k, v] of Object.entries(options.attrs)) node.setAttribute(k, v);
  for (const child of children) if (child) node.appendChild(child);
  return node;
}

/** A codicon glyph (`@vscode/codicons`), decorative unless a label is given. */
export function icon(name: string, label?: string): HTMLSpanElement {
  const span = el('span', { className: `codicon codicon-${name}` });
  if (label) {
    span.setAttribute('role', 'img');
    span.setAttribute('aria-label', label);
  } else {
    span.setAttribute('aria-hidden', 'true');
  }
  return span;
}

export function button(label: string, iconName: string | null, onClick: () => void, title?: string): HTMLButtonElement {
  const b = el('button', { className: iconName && !label ? 'icon-button' : 'text-button', title: title ?? label });
  b.type = 'button';
  if (iconName) b.appendChild(icon(iconName));
  if (label) b.appendChild(el('span', { text: label }));
  b.addEventListener('click', (e) => {
    e.stopPropagation();
    onClick();
  });
  return b;
}

export function clear(node: Node): void {
  while (node.firstChild) node.removeChild(node.firstChild);
}

/** Reads a CSS custom property set by VS Code's theme, with a fallback for pages outside VS Code. */
export function themeVar(name: string, fallback: string): string {
  const v = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  if (v) return v;
  const b = document.body ? getComputedStyle(document.body).getPropertyValue(name).trim() : '';
  return b || fallback;
}
