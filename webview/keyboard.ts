// Keyboard navigation for the whole view. Keys act on the ladder unless a text field has focus.
//   j / ↓   next packet          k / ↑   previous packet
//   PgDn/PgUp  a screen          Home/End  first/last packet
//   n       next finding         N / p   previous finding
//   /       search packets       + / - / 0  zoom in, out, reset
//   t       ladder → time-sequence graph → both    e / E  export the ladder as SVG / PNG
//   d       the time-sequence graph plots the other direction
export interface KeyboardActions {
  movePacket(delta: number): void;
  page(direction: 1 | -1): void;
  edge(end: boolean): void;
  nextFinding(direction: 1 | -1): void;
  openSearch(): void;
  zoom(factor: number | null): void;
  cycleView(): void;
  exportSvg(): void;
  exportPng(): void;
  /** Plot the other direction in the time-sequence graph. */
  graphDirection(): void;
}

function typing(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT';
}

export function installKeyboard(actions: KeyboardActions): void {
  document.addEventListener('keydown', (e) => {
    if (e.defaultPrevented || e.altKey || e.metaKey || (e.ctrlKey && e.key !== 'Home' && e.key !== 'End')) return;
    if (typing(e.target)) return;
    // The flow list handles its own keys (arrows, pages, Home/End, Enter) and stops them before here.
    let handled = true;
    switch (e.key) {
      case 'j':
      case 'ArrowDown':
        actions.movePacket(1);
        break;
      case 'k':
      case 'ArrowUp':
        actions.movePacket(-1);
        break;
      case 'PageDown':
        actions.page(1);
        break;
      case 'PageUp':
        actions.page(-1);
        break;
      case 'Home':
        actions.edge(false);
        break;
      case 'End':
        actions.edge(true);
        break;
      case 'n':
        actions.nextFinding(1);
        break;
      case 'N':
      case 'p':
        actions.nextFinding(-1);
        break;
      case '/':
        actions.openSearch();
        break;
      case '+':
      case '=':
        actions.zoom(1.25);
        break;
      case '-':
        actions.zoom(0.8);
        break;
      case '0':
        actions.zoom(null);
        break;
      case 't':
        actions.cycleView();
        break;
      case 'e':
        actions.exportSvg();
        break;
      case 'E':
        actions.exportPng();
        break;
      case 'd':
        actions.graphDirection();
        break;
      default:
        handled = false;
    }
    if (handled) e.preventDefault();
  });
}
