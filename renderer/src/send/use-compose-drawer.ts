import { type KeyboardEvent, type RefObject, useEffect, useRef, useState } from 'react';

const focusable = 'button, input, select, textarea, [tabindex]:not([tabindex="-1"])';

/**
 * Compose as a drawer (narrow windows): opening moves focus to its first control; Escape or
 * the toggle closes it and focus returns to the toggle. A send selects the new delivery: the
 * drawer closes and focus goes to the delivery, which is what the user sent it to see.
 */
/** `showing`: what the panes show (the selection, a draft check); a change closes the drawer. */
export function useComposeDrawer(drawer: boolean, showing: string) {
  const [open, setOpen] = useState(false);
  const toggleRef = useRef<HTMLButtonElement>(null);
  const drawerRef = useRef<HTMLElement>(null);
  const detailRef = useRef<HTMLDivElement>(null);
  // Where focus goes once the drawer has closed (and the panes behind it are no longer inert).
  const returnTo = useRef<RefObject<HTMLElement | null> | null>(null);
  const shown = drawer && open;

  useEffect(() => {
    if (!drawer) setOpen(false);
  }, [drawer]);

  useEffect(() => {
    if (shown) drawerRef.current?.querySelector<HTMLElement>(focusable)?.focus();
    else returnTo.current?.current?.focus();
    returnTo.current = null;
  }, [shown]);

  const close = (to: RefObject<HTMLElement | null>) => {
    returnTo.current = to;
    setOpen(false);
  };

  const seen = useRef(showing);
  useEffect(() => {
    if (seen.current === showing) return;
    seen.current = showing;
    if (!open) return;
    returnTo.current = detailRef;
    setOpen(false);
  }, [showing, open]);

  return {
    open: shown,
    toggle: () => (open ? close(toggleRef) : setOpen(true)),
    close: () => close(toggleRef),
    onKeyDown: (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || !shown) return;
      e.stopPropagation();
      close(toggleRef);
    },
    toggleRef,
    drawerRef,
    detailRef,
  };
}
