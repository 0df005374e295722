import { DOCUMENT, inject, Injectable } from '@angular/core';

/** Marks an element whose tooltip is the text of its `aria-describedby` element. */
export const TIP_ATTRIBUTE = 'data-hd-tip';
const GAP = 6;

/**
 * One tooltip for the whole page instead of a Material tooltip directive per element (issue #13 item 8:
 * a 100-row caseload had one per flag chip, each with its own listeners and described-by node). Elements
 * with `data-hd-tip` and an `aria-describedby` show that description above them on hover and on
 * keyboard focus; it hides on leave, blur, scroll and Escape. Screen readers get the text as the
 * element's description, so the tooltip itself is `aria-hidden` (as Material's is).
 */
@Injectable({ providedIn: 'root' })
export class SharedTooltip {
  private readonly document = inject(DOCUMENT);
  private tip: HTMLElement | null = null;
  private shownFor: Element | null = null;
  private listening = false;

  /** Starts the page's delegated listeners (once). */
  listen(): void {
    if (this.listening) return;
    this.listening = true;
    const doc = this.document;
    doc.addEventListener('mouseover', (e) => this.showFor(e.target), { passive: true });
    doc.addEventListener('mouseout', (e) => {
      if (this.shownFor && !this.shownFor.contains(e.relatedTarget as Node | null)) this.hide();
    });
    doc.addEventListener('focusin', (e) => this.showFor(e.target));
    doc.addEventListener('focusout', () => this.hide());
    doc.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') this.hide();
    });
    doc.addEventListener('scroll', () => this.hide(), { capture: true, passive: true });
  }

  private showFor(target: EventTarget | null): void {
    const el = target instanceof Element ? target.closest(`[${TIP_ATTRIBUTE}]`) : null;
    if (el === this.shownFor) return;
    const id = el?.getAttribute('aria-describedby');
    const text = id ? this.document.getElementById(id)?.textContent?.trim() : '';
    if (!el || !text) {
      this.hide();
      return;
    }
    const tip = this.element();
    tip.textContent = text;
    tip.style.visibility = 'hidden';
    tip.style.display = 'block';
    const anchor = el.getBoundingClientRect();
    const width = tip.offsetWidth;
    const height = tip.offsetHeight;
    const viewport = this.document.documentElement.clientWidth;
    const left = Math.max(GAP, Math.min(anchor.left + anchor.width / 2 - width / 2, viewport - width - GAP));
    const above = anchor.top - height - GAP;
    tip.style.left = `${left}px`;
    tip.style.top = `${above >= 0 ? above : anchor.bottom + GAP}px`;
    tip.style.visibility = 'visible';
    this.shownFor = el;
  }

  private hide(): void {
    if (this.tip) this.tip.style.display = 'none';
    this.shownFor = null;
  }

  private element(): HTMLElement {
    if (this.tip) return this.tip;
    const tip = this.document.createElement('div');
    tip.className = 'hd-tooltip';
    tip.setAttribute('aria-hidden', 'true');
    // Material's tooltip look (M3 system tokens), styled here so the shell's global CSS stays as it is.
    tip.style.cssText =
      'position:fixed;z-index:1000;display:none;max-width:280px;padding:4px 8px;border-radius:4px;' +
      'pointer-events:none;background:var(--mat-sys-inverse-surface);color:var(--mat-sys-inverse-on-surface);' +
      'font:var(--mat-sys-body-small);';
    this.document.body.appendChild(tip);
    this.tip = tip;
    return tip;
  }
}
