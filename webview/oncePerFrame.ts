// Redraws driven by scroll, resize and data events: however many arrive between two frames,
// the view draws once, on the next animation frame.

/** A function that schedules `draw` for the next animation frame unless it is scheduled already. */
export function oncePerFrame(draw: () => void): () => void {
  let scheduled = false;
  return () => {
    if (scheduled) return;
    scheduled = true;
    requestAnimationFrame(() => {
      scheduled = false;
      draw();
    });
  };
}
