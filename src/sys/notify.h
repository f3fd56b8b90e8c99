/* notify: tells staff a new text arrived without revealing anything about
 * it: "New text in Front Desk (3 waiting)" — never a name, number or
 * message. Desktop notifications through libnotify when a notification
 * service answers; otherwise (SSH, thin clients) the terminal bell and,
 * where the terminal understands it, an OSC 777/OSC 9 notification with
 * the same text. Grouped per department (a newer one replaces the older)
 * and rate limited. */
#ifndef CURTAIN_NOTIFY_H
#define CURTAIN_NOTIFY_H

#include <stdbool.h>
#include <stdint.h>

struct notifier;

struct notify_opts {
	bool desktop;	      /* try libnotify */
	bool bell;	      /* terminal bell fallback */
	bool osc;	      /* OSC 777 / OSC 9 fallback when the terminal supports it */
	bool when_locked;     /* also notify while the screen is locked */
	int min_interval_ms;  /* per department; default 10000 */
	int out_fd;	      /* where bell/OSC bytes go (the terminal), e.g. STDOUT_FILENO */
	const char *term;     /* $TERM, to decide on OSC support */
};

struct notifier *notifier_new(const struct notify_opts *o);
void notifier_free(struct notifier **n);
/* True when desktop notifications go to a real notification service. */
bool notifier_has_desktop(const struct notifier *n);
/* New inbound texts in a department; now is monotonic ms. Returns true if
 * something was shown (desktop, bell or OSC). */
bool notifier_new_texts(struct notifier *n, const char *department_name, long waiting, bool locked,
			int64_t now);

#endif
