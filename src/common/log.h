/* log: operational logging for curtaind and curtainctl. Never pass PHI
 * (patient names, phone numbers, message or note text) to these functions:
 * log lines name object ids, methods, status codes and timings only. They
 * are not translated: "module: event ids" lines are read by log collectors
 * and grep, and by the vendor's support in any practice; what people at
 * the practice read (--help, errors, curtainctl's output) goes through
 * gettext. */
#ifndef CURTAIN_LOG_H
#define CURTAIN_LOG_H

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR };

void log_set_level(enum log_level level);
void log_set_ident(const char *ident);
void log_msg(enum log_level level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#define log_debug(...) log_msg(LOG_DEBUG, __VA_ARGS__)
#define log_info(...) log_msg(LOG_INFO, __VA_ARGS__)
#define log_warn(...) log_msg(LOG_WARN, __VA_ARGS__)
#define log_error(...) log_msg(LOG_ERROR, __VA_ARGS__)

#endif
