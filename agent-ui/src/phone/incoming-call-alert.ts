/**
 * An incoming call in a tab the agent is not looking at (behind other tabs, window minimised):
 * a desktop notification, which focuses the console when clicked, and the ring in the tab's
 * title. Both go as soon as the call is answered, rejected or gone.
 */
export class IncomingCallAlert {
  private notification: Notification | null = null;
  private savedTitle: string | null = null;

  /** Ask once, from a click (browsers ignore the request without a user gesture). */
  static requestPermission(): void {
    if (typeof Notification !== 'undefined' && Notification.permission === 'default')
      void Notification.requestPermission().catch(() => {});
  }

  /** `tag` identifies the call: showing the same call again replaces its notification. */
  show(title: string, body: string, tag: string): void {
    this.savedTitle ??= document.title;
    document.title = `☎ ${body} — ${title}`;
    if (document.visibilityState === 'visible' && document.hasFocus()) return;
    if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
    // The same call again with the same text: nothing new (the name may arrive after the number).
    if (this.notification?.tag === tag && this.notification.body === body) return;
    this.notification?.close();
    try {
      const notification = new Notification(title, { body, tag, requireInteraction: true });
      notification.onclick = () => {
        window.focus();
        notification.close();
      };
      this.notification = notification;
    } catch {
      // Notifications that need a service worker (Android Chrome): the title and ring remain.
    }
  }

  clear(): void {
    this.notification?.close();
    this.notification = null;
    if (this.savedTitle !== null) document.title = this.savedTitle;
    this.savedTitle = null;
  }
}
