/* totp: RFC 6238 time-based one-time passwords for device enrolment, on top
 * of liboath (no hand-written HMAC). Owns secret generation, code
 * generation and checking, and the otpauth:// URI shown as a QR code. */
#ifndef CURTAIN_TOTP_H
#define CURTAIN_TOTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TOTP_STEP_SECONDS 30
#define TOTP_DIGITS 6
/* 20 random bytes in base32 without padding is exactly 32 characters. */
#define TOTP_SECRET_B32_LEN 32

enum totp_algo { TOTP_SHA1 = 0, TOTP_SHA256, TOTP_SHA512 };

/* A new random 160-bit secret as upper-case base32 (no padding) + NUL.
 * False only if the library fails. */
bool totp_secret_new(char out[TOTP_SECRET_B32_LEN + 1]);

/* The code for unix_time (seconds, >= 0) with digits in 6..8, as a
 * NUL-terminated string in out. secret_b32 is base32, case and spaces
 * ignored, padding optional. False on a bad secret or argument. */
bool totp_generate(const char *secret_b32, int64_t unix_time, unsigned digits, enum totp_algo algo,
		   char out[16]);
/* The same from a raw key (for the RFC test vectors and other callers that
 * hold the bytes). */
bool totp_generate_raw(const unsigned char *key, size_t keylen, int64_t unix_time, unsigned digits,
		       enum totp_algo algo, char out[16]);

/* Checks a 6-digit SHA-1 code (what authenticator apps use) against the
 * 30-second steps unix_time/30 - 1, + 0 and + 1, comparing in constant time.
 * On a match stores the matched step in *step_out (may be NULL): the caller
 * must refuse a step at or below the last one it accepted, so a code cannot
 * be replayed. Codes are exactly six ASCII digits; anything else fails. */
bool totp_verify(const char *secret_b32, const char *code, int64_t unix_time, int64_t *step_out);

/* "otpauth://totp/Issuer:account?secret=...&issuer=Issuer&algorithm=SHA1&
 * digits=6&period=30" with issuer and account percent-encoded; issuer may
 * be NULL or "". NULL on a missing account or bad secret. The URI holds
 * the secret: caller wipes (sodium_memzero) and frees it. */
char *totp_uri(const char *issuer, const char *account, const char *secret_b32);

#endif
