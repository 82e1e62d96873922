// embed.d.ts: TypeScript declarations of posenc's web component (posenc/embed,
// page/posenc-embed.js): <posenc-lesson> and <posenc-figure>, their attributes and events.
// Leaves out: the JS API (posenc.d.ts).

export interface PosencReadyDetail { lesson: string; lang: string; step: number; steps: number }
export interface PosencStepDetail { lesson: string; lang: string; step: number; stepId: string }
export interface PosencErrorDetail { message: string }

/** <posenc-lesson lesson="rope" lang="ja" step="2">: a whole lesson in a shadow root. */
export interface PosencLessonElement extends HTMLElement {
  /** The lesson's inner element once drawn (for tests and advanced hosts). */
  readonly lessonElement: HTMLElement | null;
}
/** <posenc-figure lesson="rope" step="2" block="pe-rope-pairs">: one block of one step. */
export interface PosencFigureElement extends PosencLessonElement {}

declare global {
  interface HTMLElementTagNameMap {
    'posenc-lesson': PosencLessonElement;
    'posenc-figure': PosencFigureElement;
  }
  interface HTMLElementEventMap {
    'posenc:ready': CustomEvent<PosencReadyDetail>;
    'posenc:step': CustomEvent<PosencStepDetail>;
    'posenc:error': CustomEvent<PosencErrorDetail>;
  }
}
