import type { PreloadBridge } from '../../electron/preload-bridge';

declare global {
  interface Window {
    /** Present only inside the Electron app (exposed by the preload). */
    mxray?: PreloadBridge;
  }
}
