/* text: display widths, clusters, fitting and wrapping of UTF-8 text, ASCII
 * transliteration, and the small formatters the views share. Widths come
 * from our own tables so that they do not depend on the locale. */
#include "tui/text.h"

#include <langinfo.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "common/i18n.h"
#include "proto/sms.h"

bool text_ascii = false;

#define CP_ZWJ		    0x200d
#define CP_NBSP_UTF8	    "\xc2\xa0"
#define CP_REPLACEMENT_UTF8 "\xef\xbf\xbd"

struct width_range {
	uint32_t lo, hi;
};

/* Generated from glibc 2.36's wcwidth() in C.UTF-8 (Unicode 15): ranges of
 * width 0 and of width 2, merged across unassigned code points, with the
 * wide emoji block U+1FA70-1FAFF and the CJK planes (U+20000-3FFFD) taken
 * whole so newer characters there come out wide as well. */
static const struct width_range width_zero[] = {
	{ 0x0300, 0x036F },   { 0x0483, 0x0489 },   { 0x0591, 0x05BD },	  { 0x05BF, 0x05BF },
	{ 0x05C1, 0x05C2 },   { 0x05C4, 0x05C5 },   { 0x05C7, 0x05C7 },	  { 0x0610, 0x061A },
	{ 0x061C, 0x061C },   { 0x064B, 0x065F },   { 0x0670, 0x0670 },	  { 0x06D6, 0x06DC },
	{ 0x06DF, 0x06E4 },   { 0x06E7, 0x06E8 },   { 0x06EA, 0x06ED },	  { 0x0711, 0x0711 },
	{ 0x0730, 0x074A },   { 0x07A6, 0x07B0 },   { 0x07EB, 0x07F3 },	  { 0x07FD, 0x07FD },
	{ 0x0816, 0x0819 },   { 0x081B, 0x0823 },   { 0x0825, 0x0827 },	  { 0x0829, 0x082D },
	{ 0x0859, 0x085B },   { 0x0898, 0x089F },   { 0x08CA, 0x08E1 },	  { 0x08E3, 0x0902 },
	{ 0x093A, 0x093A },   { 0x093C, 0x093C },   { 0x0941, 0x0948 },	  { 0x094D, 0x094D },
	{ 0x0951, 0x0957 },   { 0x0962, 0x0963 },   { 0x0981, 0x0981 },	  { 0x09BC, 0x09BC },
	{ 0x09C1, 0x09C4 },   { 0x09CD, 0x09CD },   { 0x09E2, 0x09E3 },	  { 0x09FE, 0x0A02 },
	{ 0x0A3C, 0x0A3C },   { 0x0A41, 0x0A51 },   { 0x0A70, 0x0A71 },	  { 0x0A75, 0x0A75 },
	{ 0x0A81, 0x0A82 },   { 0x0ABC, 0x0ABC },   { 0x0AC1, 0x0AC8 },	  { 0x0ACD, 0x0ACD },
	{ 0x0AE2, 0x0AE3 },   { 0x0AFA, 0x0B01 },   { 0x0B3C, 0x0B3C },	  { 0x0B3F, 0x0B3F },
	{ 0x0B41, 0x0B44 },   { 0x0B4D, 0x0B56 },   { 0x0B62, 0x0B63 },	  { 0x0B82, 0x0B82 },
	{ 0x0BC0, 0x0BC0 },   { 0x0BCD, 0x0BCD },   { 0x0C00, 0x0C00 },	  { 0x0C04, 0x0C04 },
	{ 0x0C3C, 0x0C3C },   { 0x0C3E, 0x0C40 },   { 0x0C46, 0x0C56 },	  { 0x0C62, 0x0C63 },
	{ 0x0C81, 0x0C81 },   { 0x0CBC, 0x0CBC },   { 0x0CBF, 0x0CBF },	  { 0x0CC6, 0x0CC6 },
	{ 0x0CCC, 0x0CCD },   { 0x0CE2, 0x0CE3 },   { 0x0D00, 0x0D01 },	  { 0x0D3B, 0x0D3C },
	{ 0x0D41, 0x0D44 },   { 0x0D4D, 0x0D4D },   { 0x0D62, 0x0D63 },	  { 0x0D81, 0x0D81 },
	{ 0x0DCA, 0x0DCA },   { 0x0DD2, 0x0DD6 },   { 0x0E31, 0x0E31 },	  { 0x0E34, 0x0E3A },
	{ 0x0E47, 0x0E4E },   { 0x0EB1, 0x0EB1 },   { 0x0EB4, 0x0EBC },	  { 0x0EC8, 0x0ECD },
	{ 0x0F18, 0x0F19 },   { 0x0F35, 0x0F35 },   { 0x0F37, 0x0F37 },	  { 0x0F39, 0x0F39 },
	{ 0x0F71, 0x0F7E },   { 0x0F80, 0x0F84 },   { 0x0F86, 0x0F87 },	  { 0x0F8D, 0x0FBC },
	{ 0x0FC6, 0x0FC6 },   { 0x102D, 0x1030 },   { 0x1032, 0x1037 },	  { 0x1039, 0x103A },
	{ 0x103D, 0x103E },   { 0x1058, 0x1059 },   { 0x105E, 0x1060 },	  { 0x1071, 0x1074 },
	{ 0x1082, 0x1082 },   { 0x1085, 0x1086 },   { 0x108D, 0x108D },	  { 0x109D, 0x109D },
	{ 0x1160, 0x11FF },   { 0x135D, 0x135F },   { 0x1712, 0x1714 },	  { 0x1732, 0x1733 },
	{ 0x1752, 0x1753 },   { 0x1772, 0x1773 },   { 0x17B4, 0x17B5 },	  { 0x17B7, 0x17BD },
	{ 0x17C6, 0x17C6 },   { 0x17C9, 0x17D3 },   { 0x17DD, 0x17DD },	  { 0x180B, 0x180F },
	{ 0x1885, 0x1886 },   { 0x18A9, 0x18A9 },   { 0x1920, 0x1922 },	  { 0x1927, 0x1928 },
	{ 0x1932, 0x1932 },   { 0x1939, 0x193B },   { 0x1A17, 0x1A18 },	  { 0x1A1B, 0x1A1B },
	{ 0x1A56, 0x1A56 },   { 0x1A58, 0x1A60 },   { 0x1A62, 0x1A62 },	  { 0x1A65, 0x1A6C },
	{ 0x1A73, 0x1A7F },   { 0x1AB0, 0x1B03 },   { 0x1B34, 0x1B34 },	  { 0x1B36, 0x1B3A },
	{ 0x1B3C, 0x1B3C },   { 0x1B42, 0x1B42 },   { 0x1B6B, 0x1B73 },	  { 0x1B80, 0x1B81 },
	{ 0x1BA2, 0x1BA5 },   { 0x1BA8, 0x1BA9 },   { 0x1BAB, 0x1BAD },	  { 0x1BE6, 0x1BE6 },
	{ 0x1BE8, 0x1BE9 },   { 0x1BED, 0x1BED },   { 0x1BEF, 0x1BF1 },	  { 0x1C2C, 0x1C33 },
	{ 0x1C36, 0x1C37 },   { 0x1CD0, 0x1CD2 },   { 0x1CD4, 0x1CE0 },	  { 0x1CE2, 0x1CE8 },
	{ 0x1CED, 0x1CED },   { 0x1CF4, 0x1CF4 },   { 0x1CF8, 0x1CF9 },	  { 0x1DC0, 0x1DFF },
	{ 0x200B, 0x200F },   { 0x202A, 0x202E },   { 0x2060, 0x206F },	  { 0x20D0, 0x20F0 },
	{ 0x2CEF, 0x2CF1 },   { 0x2D7F, 0x2D7F },   { 0x2DE0, 0x2DFF },	  { 0x302A, 0x302D },
	{ 0x3099, 0x309A },   { 0xA66F, 0xA672 },   { 0xA674, 0xA67D },	  { 0xA69E, 0xA69F },
	{ 0xA6F0, 0xA6F1 },   { 0xA802, 0xA802 },   { 0xA806, 0xA806 },	  { 0xA80B, 0xA80B },
	{ 0xA825, 0xA826 },   { 0xA82C, 0xA82C },   { 0xA8C4, 0xA8C5 },	  { 0xA8E0, 0xA8F1 },
	{ 0xA8FF, 0xA8FF },   { 0xA926, 0xA92D },   { 0xA947, 0xA951 },	  { 0xA980, 0xA982 },
	{ 0xA9B3, 0xA9B3 },   { 0xA9B6, 0xA9B9 },   { 0xA9BC, 0xA9BD },	  { 0xA9E5, 0xA9E5 },
	{ 0xAA29, 0xAA2E },   { 0xAA31, 0xAA32 },   { 0xAA35, 0xAA36 },	  { 0xAA43, 0xAA43 },
	{ 0xAA4C, 0xAA4C },   { 0xAA7C, 0xAA7C },   { 0xAAB0, 0xAAB0 },	  { 0xAAB2, 0xAAB4 },
	{ 0xAAB7, 0xAAB8 },   { 0xAABE, 0xAABF },   { 0xAAC1, 0xAAC1 },	  { 0xAAEC, 0xAAED },
	{ 0xAAF6, 0xAAF6 },   { 0xABE5, 0xABE5 },   { 0xABE8, 0xABE8 },	  { 0xABED, 0xABED },
	{ 0xD7B0, 0xD7FB },   { 0xFB1E, 0xFB1E },   { 0xFE00, 0xFE0F },	  { 0xFE20, 0xFE2F },
	{ 0xFEFF, 0xFEFF },   { 0xFFF9, 0xFFFB },   { 0x101FD, 0x101FD }, { 0x102E0, 0x102E0 },
	{ 0x10376, 0x1037A }, { 0x10A01, 0x10A0F }, { 0x10A38, 0x10A3F }, { 0x10AE5, 0x10AE6 },
	{ 0x10D24, 0x10D27 }, { 0x10EAB, 0x10EAC }, { 0x10F46, 0x10F50 }, { 0x10F82, 0x10F85 },
	{ 0x11001, 0x11001 }, { 0x11038, 0x11046 }, { 0x11070, 0x11070 }, { 0x11073, 0x11074 },
	{ 0x1107F, 0x11081 }, { 0x110B3, 0x110B6 }, { 0x110B9, 0x110BA }, { 0x110C2, 0x110C2 },
	{ 0x11100, 0x11102 }, { 0x11127, 0x1112B }, { 0x1112D, 0x11134 }, { 0x11173, 0x11173 },
	{ 0x11180, 0x11181 }, { 0x111B6, 0x111BE }, { 0x111C9, 0x111CC }, { 0x111CF, 0x111CF },
	{ 0x1122F, 0x11231 }, { 0x11234, 0x11234 }, { 0x11236, 0x11237 }, { 0x1123E, 0x1123E },
	{ 0x112DF, 0x112DF }, { 0x112E3, 0x112EA }, { 0x11300, 0x11301 }, { 0x1133B, 0x1133C },
	{ 0x11340, 0x11340 }, { 0x11366, 0x11374 }, { 0x11438, 0x1143F }, { 0x11442, 0x11444 },
	{ 0x11446, 0x11446 }, { 0x1145E, 0x1145E }, { 0x114B3, 0x114B8 }, { 0x114BA, 0x114BA },
	{ 0x114BF, 0x114C0 }, { 0x114C2, 0x114C3 }, { 0x115B2, 0x115B5 }, { 0x115BC, 0x115BD },
	{ 0x115BF, 0x115C0 }, { 0x115DC, 0x115DD }, { 0x11633, 0x1163A }, { 0x1163D, 0x1163D },
	{ 0x1163F, 0x11640 }, { 0x116AB, 0x116AB }, { 0x116AD, 0x116AD }, { 0x116B0, 0x116B5 },
	{ 0x116B7, 0x116B7 }, { 0x1171D, 0x1171F }, { 0x11722, 0x11725 }, { 0x11727, 0x1172B },
	{ 0x1182F, 0x11837 }, { 0x11839, 0x1183A }, { 0x1193B, 0x1193C }, { 0x1193E, 0x1193E },
	{ 0x11943, 0x11943 }, { 0x119D4, 0x119DB }, { 0x119E0, 0x119E0 }, { 0x11A01, 0x11A0A },
	{ 0x11A33, 0x11A38 }, { 0x11A3B, 0x11A3E }, { 0x11A47, 0x11A47 }, { 0x11A51, 0x11A56 },
	{ 0x11A59, 0x11A5B }, { 0x11A8A, 0x11A96 }, { 0x11A98, 0x11A99 }, { 0x11C30, 0x11C3D },
	{ 0x11C3F, 0x11C3F }, { 0x11C92, 0x11CA7 }, { 0x11CAA, 0x11CB0 }, { 0x11CB2, 0x11CB3 },
	{ 0x11CB5, 0x11CB6 }, { 0x11D31, 0x11D45 }, { 0x11D47, 0x11D47 }, { 0x11D90, 0x11D91 },
	{ 0x11D95, 0x11D95 }, { 0x11D97, 0x11D97 }, { 0x11EF3, 0x11EF4 }, { 0x13430, 0x13438 },
	{ 0x16AF0, 0x16AF4 }, { 0x16B30, 0x16B36 }, { 0x16F4F, 0x16F4F }, { 0x16F8F, 0x16F92 },
	{ 0x16FE4, 0x16FE4 }, { 0x1BC9D, 0x1BC9E }, { 0x1BCA0, 0x1CF46 }, { 0x1D167, 0x1D169 },
	{ 0x1D173, 0x1D182 }, { 0x1D185, 0x1D18B }, { 0x1D1AA, 0x1D1AD }, { 0x1D242, 0x1D244 },
	{ 0x1DA00, 0x1DA36 }, { 0x1DA3B, 0x1DA6C }, { 0x1DA75, 0x1DA75 }, { 0x1DA84, 0x1DA84 },
	{ 0x1DA9B, 0x1DAAF }, { 0x1E000, 0x1E02A }, { 0x1E130, 0x1E136 }, { 0x1E2AE, 0x1E2AE },
	{ 0x1E2EC, 0x1E2EF }, { 0x1E8D0, 0x1E8D6 }, { 0x1E944, 0x1E94A }, { 0xE0001, 0xE01EF },
};

static const struct width_range width_wide[] = {
	{ 0x1100, 0x115F },   { 0x231A, 0x231B },   { 0x2329, 0x232A },	  { 0x23E9, 0x23EC },
	{ 0x23F0, 0x23F0 },   { 0x23F3, 0x23F3 },   { 0x25FD, 0x25FE },	  { 0x2614, 0x2615 },
	{ 0x2648, 0x2653 },   { 0x267F, 0x267F },   { 0x2693, 0x2693 },	  { 0x26A1, 0x26A1 },
	{ 0x26AA, 0x26AB },   { 0x26BD, 0x26BE },   { 0x26C4, 0x26C5 },	  { 0x26CE, 0x26CE },
	{ 0x26D4, 0x26D4 },   { 0x26EA, 0x26EA },   { 0x26F2, 0x26F3 },	  { 0x26F5, 0x26F5 },
	{ 0x26FA, 0x26FA },   { 0x26FD, 0x26FD },   { 0x2705, 0x2705 },	  { 0x270A, 0x270B },
	{ 0x2728, 0x2728 },   { 0x274C, 0x274C },   { 0x274E, 0x274E },	  { 0x2753, 0x2755 },
	{ 0x2757, 0x2757 },   { 0x2795, 0x2797 },   { 0x27B0, 0x27B0 },	  { 0x27BF, 0x27BF },
	{ 0x2B1B, 0x2B1C },   { 0x2B50, 0x2B50 },   { 0x2B55, 0x2B55 },	  { 0x2E80, 0x3029 },
	{ 0x302E, 0x303E },   { 0x3041, 0x3096 },   { 0x309B, 0xA4C6 },	  { 0xA960, 0xA97C },
	{ 0xAC00, 0xD7A3 },   { 0xF900, 0xFAD9 },   { 0xFE10, 0xFE19 },	  { 0xFE30, 0xFE6B },
	{ 0xFF01, 0xFF60 },   { 0xFFE0, 0xFFE6 },   { 0x16FE0, 0x16FE3 }, { 0x16FF0, 0x1B2FB },
	{ 0x1F004, 0x1F004 }, { 0x1F0CF, 0x1F0CF }, { 0x1F18E, 0x1F18E }, { 0x1F191, 0x1F19A },
	{ 0x1F200, 0x1F320 }, { 0x1F32D, 0x1F335 }, { 0x1F337, 0x1F37C }, { 0x1F37E, 0x1F393 },
	{ 0x1F3A0, 0x1F3CA }, { 0x1F3CF, 0x1F3D3 }, { 0x1F3E0, 0x1F3F0 }, { 0x1F3F4, 0x1F3F4 },
	{ 0x1F3F8, 0x1F43E }, { 0x1F440, 0x1F440 }, { 0x1F442, 0x1F4FC }, { 0x1F4FF, 0x1F53D },
	{ 0x1F54B, 0x1F54E }, { 0x1F550, 0x1F567 }, { 0x1F57A, 0x1F57A }, { 0x1F595, 0x1F596 },
	{ 0x1F5A4, 0x1F5A4 }, { 0x1F5FB, 0x1F64F }, { 0x1F680, 0x1F6C5 }, { 0x1F6CC, 0x1F6CC },
	{ 0x1F6D0, 0x1F6D2 }, { 0x1F6D5, 0x1F6DF }, { 0x1F6EB, 0x1F6EC }, { 0x1F6F4, 0x1F6FC },
	{ 0x1F7E0, 0x1F7F0 }, { 0x1F90C, 0x1F93A }, { 0x1F93C, 0x1F945 }, { 0x1F947, 0x1F9FF },
	{ 0x1FA70, 0x1FAFF }, { 0x20000, 0x3FFFD },
};

static bool range_has(const struct width_range *r, size_t n, uint32_t cp)
{
	size_t lo = 0, hi = n;
	if (cp < r[0].lo || cp > r[n - 1].hi)
		return false;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (cp > r[mid].hi)
			lo = mid + 1;
		else if (cp < r[mid].lo)
			hi = mid;
		else
			return true;
	}
	return false;
}

int text_width_cp(uint32_t cp)
{
	if (cp == 0)
		return 0;
	if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0))
		return -1;
	if (cp < 0x300)
		return 1;
	if (cp == 0x2028 || cp == 0x2029 || (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return -1;
	if (range_has(width_zero, sizeof width_zero / sizeof width_zero[0], cp))
		return 0;
	if (range_has(width_wide, sizeof width_wide / sizeof width_wide[0], cp))
		return 2;
	return 1;
}

size_t text_utf8_decode(const char *s, size_t len, uint32_t *cp, bool *ok)
{
	bool good;
	size_t n = sms_utf8_decode(s, len, cp, &good);
	if (ok)
		*ok = good;
	return n;
}

size_t text_utf8_encode(uint32_t cp, char out[4])
{
	unsigned char *o = (unsigned char *)out;
	if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		cp = 0xfffd;
	if (cp < 0x80) {
		o[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (unsigned char)(0xc0 | (cp >> 6));
		o[1] = (unsigned char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (unsigned char)(0xe0 | (cp >> 12));
		o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
		o[2] = (unsigned char)(0x80 | (cp & 0x3f));
		return 3;
	}
	o[0] = (unsigned char)(0xf0 | (cp >> 18));
	o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3f));
	o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
	o[3] = (unsigned char)(0x80 | (cp & 0x3f));
	return 4;
}

bool text_is_space_cp(uint32_t cp)
{
	return cp == ' ' || (cp >= '\t' && cp <= '\r') || cp == 0xa0 || cp == 0x1680 ||
	       (cp >= 0x2000 && cp <= 0x200a) || cp == 0x2028 || cp == 0x2029 || cp == 0x202f ||
	       cp == 0x205f || cp == 0x3000;
}

bool text_is_break_cp(uint32_t cp)
{
	return text_is_space_cp(cp) && cp != 0xa0 && cp != 0x2007 && cp != 0x202f;
}

/* U+00A0-00FF, then U+0100-017F (one letter each but for the ligatures). */
static const char *const translit_latin1[96] = {
	" ", "!",  "c", "L", "?", "Y", "|",  "S", "\"", "(c)", "a", "<<", "-",	 "-",	"(R)", "-",
	"o", "+-", "2", "3", "'", "u", "P",  ".", ",",	"1",   "o", ">>", "1/4", "1/2", "3/4", "?",
	"A", "A",  "A", "A", "A", "A", "AE", "C", "E",	"E",   "E", "E",  "I",	 "I",	"I",   "I",
	"D", "N",  "O", "O", "O", "O", "O",  "x", "O",	"U",   "U", "U",  "U",	 "Y",	"TH",  "ss",
	"a", "a",  "a", "a", "a", "a", "ae", "c", "e",	"e",   "e", "e",  "i",	 "i",	"i",   "i",
	"d", "n",  "o", "o", "o", "o", "o",  "/", "o",	"u",   "u", "u",  "u",	 "y",	"th",  "y",
};
static const char translit_latin_ext_a[129] = "AaAaAaCcCcCcCcDd"
					      "DdEeEeEeEeEeGgGg"
					      "GgGgHhHhIiIiIiIi"
					      "Ii??JjKkkLlLlLlL"
					      "lLlNnNnNnnNnOoOo"
					      "Oo??RrRrRrSsSsSs"
					      "SsTtTtTtUuUuUuUu"
					      "UuUuWwYyYZzZzZzs";

static size_t put_ascii(const char *s, char out[4])
{
	size_t n = strlen(s);
	memcpy(out, s, n + 1);
	return n;
}

size_t text_translit_cp(uint32_t cp, char out[4])
{
	if (cp >= 0x20 && cp < 0x7f) {
		out[0] = (char)cp;
		out[1] = '\0';
		return 1;
	}
	if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0))
		return put_ascii(" ", out);
	if (cp < 0x100)
		return put_ascii(translit_latin1[cp - 0xa0], out);
	if (cp < 0x180) {
		switch (cp) {
		case 0x132:
			return put_ascii("IJ", out);
		case 0x133:
			return put_ascii("ij", out);
		case 0x152:
			return put_ascii("OE", out);
		case 0x153:
			return put_ascii("oe", out);
		default:
			out[0] = translit_latin_ext_a[cp - 0x100];
			out[1] = '\0';
			return 1;
		}
	}
	if (cp >= 0xff01 && cp <= 0xff5e) { /* fullwidth ASCII */
		out[0] = (char)(cp - 0xfee0);
		out[1] = '\0';
		return 1;
	}
	if ((cp >= 0x2000 && cp <= 0x200a) || cp == 0x202f || cp == 0x205f || cp == 0x3000)
		return put_ascii(" ", out);
	switch (cp) {
	case 0x2010:
	case 0x2011:
	case 0x2012:
	case 0x2013:
	case 0x2014:
	case 0x2015:
	case 0x2212:
		return put_ascii("-", out);
	case 0x2018:
	case 0x2019:
	case 0x201a:
	case 0x201b:
	case 0x2032:
		return put_ascii("'", out);
	case 0x201c:
	case 0x201d:
	case 0x201e:
	case 0x201f:
	case 0x2033:
		return put_ascii("\"", out);
	case 0x2022:
	case 0x2023:
	case 0x2043:
		return put_ascii("*", out);
	case 0x2024:
		return put_ascii(".", out);
	case 0x2026:
		return put_ascii("...", out);
	case 0x2039:
		return put_ascii("<", out);
	case 0x203a:
		return put_ascii(">", out);
	case 0x2044:
		return put_ascii("/", out);
	case 0x20ac:
		return put_ascii("EUR", out);
	case 0x2122:
		return put_ascii("TM", out);
	case 0x2028:
	case 0x2029:
		return put_ascii(" ", out);
	default:
		return put_ascii("?", out);
	}
}

static bool cp_is_ri(uint32_t cp)
{
	return cp >= 0x1f1e6 && cp <= 0x1f1ff;
}

size_t text_cluster_next(const char *s, size_t len, size_t pos, int *width)
{
	uint32_t first, next, last;
	bool ok;
	size_t i = pos + text_utf8_decode(s + pos, len - pos, &first, &ok);
	int w = text_width_cp(first);
	int sum;

	if (!ok || w < 0 || first == 0) {
		*width = 1; /* U+FFFD or "?", or the space a control is drawn as */
		return i;
	}
	sum = w ? w : 1; /* a cluster without a base is drawn on a no-break space */
	last = first;
	while (i < len) {
		size_t n = text_utf8_decode(s + i, len - i, &next, &ok);
		int nw = text_width_cp(next);
		if (!ok || nw < 0 || next == 0)
			break;
		if (nw == 0) {
			/* combining mark, variation selector, ZWJ, ... */
		} else if (last == CP_ZWJ) {
			/* ZWJ sequence: the next pictograph belongs here */
		} else if (cp_is_ri(first) && cp_is_ri(next) && i - pos == 4) {
			/* second regional indicator of a flag */
		} else {
			break;
		}
		sum += nw;
		last = next;
		i += n;
	}
	if (text_ascii) {
		char t[4];
		sum = (int)text_translit_cp(w == 0 ? 0xfffd : first, t);
	}
	*width = sum;
	return i;
}

/* The start of the code point (or lone ill-formed byte) containing byte
 * pos, as forward decoding from any earlier boundary would find it. */
static size_t unit_start(const char *s, size_t len, size_t pos)
{
	size_t b = pos;
	while (b > 0 && pos - b < 3 && ((unsigned char)s[b] & 0xc0) == 0x80)
		b--;
	if (((unsigned char)s[b] & 0xc0) == 0x80)
		return pos;
	uint32_t cp;
	size_t n = text_utf8_decode(s + b, len - b, &cp, NULL);
	return b + n > pos ? b : pos;
}

size_t text_cluster_start(const char *s, size_t len, size_t pos)
{
	if (pos >= len)
		return len;
	/* Walk back to a position that is surely a boundary: a control or
	 * ill-formed byte, whatever follows one, or a base character that is
	 * not a regional indicator and does not follow a ZWJ. */
	size_t a = unit_start(s, len, pos);
	while (a > 0) {
		uint32_t cp, pcp;
		bool ok, pok;
		text_utf8_decode(s + a, len - a, &cp, &ok);
		int w = text_width_cp(cp);
		if (!ok || w < 0)
			break;
		size_t b = unit_start(s, len, a - 1);
		text_utf8_decode(s + b, len - b, &pcp, &pok);
		if (!pok || text_width_cp(pcp) < 0)
			break;
		if (w > 0 && pcp != CP_ZWJ && !cp_is_ri(cp))
			break;
		a = b;
	}
	for (;;) {
		int w;
		size_t n = text_cluster_next(s, len, a, &w);
		if (n > pos)
			return a;
		a = n;
	}
}

size_t text_cluster_prev(const char *s, size_t len, size_t pos)
{
	if (pos == 0)
		return 0;
	if (pos > len)
		pos = len;
	return text_cluster_start(s, len, pos - 1);
}

size_t text_width(const char *s, size_t len)
{
	size_t total = 0, pos = 0;
	while (pos < len) {
		int w;
		pos = text_cluster_next(s, len, pos, &w);
		total += (size_t)w;
	}
	return total;
}

/* Writes how the cluster s[pos..end) is drawn into dst (when not NULL);
 * returns its length in bytes. */
static size_t cluster_render(const char *s, size_t pos, size_t end, char *dst)
{
	uint32_t cp;
	bool ok;
	char t[4];
	const char *lit;
	size_t n;

	text_utf8_decode(s + pos, end - pos, &cp, &ok);
	if (text_ascii) {
		n = text_translit_cp(!ok || (cp != 0 && text_width_cp(cp) == 0) ? 0xfffd : cp, t);
		lit = t;
	} else if (!ok) {
		lit = CP_REPLACEMENT_UTF8;
		n = 3;
	} else if (text_width_cp(cp) < 0 || cp == 0) {
		lit = " ";
		n = 1;
	} else if (text_width_cp(cp) == 0) {
		/* A mark with no base is shown on a no-break space. */
		if (dst) {
			memcpy(dst, CP_NBSP_UTF8, 2);
			memcpy(dst + 2, s + pos, end - pos);
		}
		return 2 + end - pos;
	} else {
		lit = s + pos;
		n = end - pos;
	}
	if (dst)
		memcpy(dst, lit, n);
	return n;
}

/* Copies whole clusters of s[0..len) into out while they fit in width
 * columns and room bytes; returns the columns, sets *used and *consumed. */
static int fit_copy(const char *s, size_t len, int width, char *out, size_t room, size_t *used,
		    size_t *consumed)
{
	size_t pos = 0, u = 0;
	int w = 0;
	while (pos < len) {
		int cw;
		size_t end = text_cluster_next(s, len, pos, &cw);
		size_t need = cluster_render(s, pos, end, NULL);
		if (w + cw > width || u + need > room)
			break;
		cluster_render(s, pos, end, out + u);
		u += need;
		w += cw;
		pos = end;
	}
	*used = u;
	*consumed = pos;
	return w;
}

int text_fitn(const char *s, size_t len, int width, char *out, size_t outlen, bool ellipsis)
{
	size_t used, consumed;
	int w;

	if (outlen == 0)
		return 0;
	out[0] = '\0';
	if (width <= 0)
		return 0;
	w = fit_copy(s, len, width, out, outlen - 1, &used, &consumed);
	if (consumed == len || !ellipsis) {
		out[used] = '\0';
		return w;
	}
	const char *ell = text_ascii ? "..." : "\xe2\x80\xa6";
	int ew = text_ascii ? 3 : 1;
	size_t eb = strlen(ell);
	if (ew > width) { /* ASCII mode, one or two columns: as many dots */
		ew = width;
		eb = (size_t)width;
	}
	if (eb + 1 > outlen) {
		out[used] = '\0';
		return w;
	}
	w = fit_copy(s, len, width - ew, out, outlen - 1 - eb, &used, &consumed);
	memcpy(out + used, ell, eb);
	out[used + eb] = '\0';
	return w + ew;
}

int text_fit(const char *s, int width, char *out, size_t outlen, bool ellipsis)
{
	return text_fitn(s, strlen(s), width, out, outlen, ellipsis);
}

static bool cluster_is_space(const char *s, size_t len, size_t pos)
{
	uint32_t cp;
	text_utf8_decode(s + pos, len - pos, &cp, NULL);
	return text_is_break_cp(cp) && cp != '\n' && cp != '\r';
}

/* Wraps one hard line s[p..e); returns the lines emitted. */
static size_t wrap_line(const char *s, size_t p, size_t e, int width, text_wrap_fn fn, void *ctx)
{
	size_t lines = 0;
	bool first = true;

	for (;;) {
		if (!first) {
			while (p < e && cluster_is_space(s, e, p)) {
				int w;
				p = text_cluster_next(s, e, p, &w);
			}
			if (p >= e)
				break;
		}
		size_t q = p, end = e, brk = 0;
		int col = 0, brk_col = 0;
		bool prev_space = false;
		while (q < e) {
			int w;
			size_t n = text_cluster_next(s, e, q, &w);
			bool sp = cluster_is_space(s, e, q);
			if (sp && !prev_space && q > p) {
				brk = q; /* the line may end here; the spaces go */
				brk_col = col;
			}
			if (col + w > width) {
				if (sp && prev_space && brk > p) {
					end = brk;
					col = brk_col;
				} else if (sp) {
					end = q;
				} else if (brk > p) {
					end = brk;
					col = brk_col;
				} else if (q > p) {
					end = q;
				} else {
					end = n;
					col = w;
				}
				break;
			}
			col += w;
			prev_space = sp;
			q = n;
		}
		if (q >= e)
			end = e;
		if (fn)
			fn(s + p, end - p, col, ctx);
		lines++;
		first = false;
		p = end;
		if (p >= e)
			break;
	}
	return lines;
}

size_t text_wrap(const char *s, size_t len, int width, text_wrap_fn fn, void *ctx)
{
	size_t lines = 0, p = 0;
	if (width < 1)
		width = 1;
	for (;;) {
		size_t e = p;
		while (e < len && s[e] != '\n' && s[e] != '\r')
			e++;
		lines += wrap_line(s, p, e, width, fn, ctx);
		if (e >= len)
			break;
		p = e + 1;
		if (s[e] == '\r' && p < len && s[p] == '\n')
			p++;
	}
	return lines;
}

void text_reltime(int64_t now_ms, int64_t then_ms, char *out, size_t n)
{
	int64_t d = now_ms - then_ms;
	long minutes, hours, days;

	if (n == 0)
		return;
	if (d < 60000) {
		/* TRANSLATORS: waiting time of under a minute, in a narrow column (max 5 cells). */
		snprintf(out, n, "%s", _("now"));
		return;
	}
	minutes = (long)(d / 60000);
	if (minutes < 60) {
		/* TRANSLATORS: waiting time in minutes, compact ("3m"), max 5 cells. */
		snprintf(out, n, _("%ldm"), minutes);
		return;
	}
	hours = minutes / 60;
	if (hours < 24) {
		/* TRANSLATORS: waiting time in hours, compact ("5h"), max 5 cells. */
		snprintf(out, n, _("%ldh"), hours);
		return;
	}
	days = hours / 24;
	if (days < 7) {
		/* TRANSLATORS: waiting time in days, compact ("2d"), max 5 cells. */
		snprintf(out, n, _("%ldd"), days);
	} else if (days < 365) {
		/* TRANSLATORS: waiting time in weeks, compact ("3w"), max 5 cells. */
		snprintf(out, n, _("%ldw"), days / 7);
	} else {
		/* TRANSLATORS: waiting time in years, compact ("1y"), max 5 cells. */
		snprintf(out, n, _("%ldy"), days / 365);
	}
}

static time_t ms_to_time(int64_t ms)
{
	int64_t s = ms / 1000;
	if (ms % 1000 < 0)
		s--;
	return (time_t)s;
}

/* ---- the locale's date and time formats (LC_TIME) -------------------------------- */

/* A strftime(3) format as tokens: a conversion ("%H", "%-I", "%Ey") or a
 * run of literal text (": ", "年"). */
struct fmt_tok {
	const char *s;
	size_t len;
	char conv; /* the conversion letter, 0 for literal text */
};

#define FMT_TOKS_MAX 48

static size_t fmt_tokenize(const char *f, struct fmt_tok *t, size_t max)
{
	size_t n = 0;
	while (*f && n < max) {
		const char *start = f;
		if (*f == '%' && f[1]) {
			f++;
			while (*f && strchr("_-0^#", *f))
				f++;
			while (*f >= '0' && *f <= '9')
				f++;
			if (*f == 'E' || *f == 'O')
				f++;
			if (!*f)
				break;
			t[n++] = (struct fmt_tok){ start, (size_t)(f + 1 - start), *f };
			f++;
		} else {
			while (*f && !(*f == '%' && f[1]))
				f++;
			t[n++] = (struct fmt_tok){ start, (size_t)(f - start), 0 };
		}
	}
	return n;
}

/* True for literal text that is a unit after a field ("秒", "h") rather
 * than a separator between fields (":", " ", "/", "."). */
static bool fmt_is_unit(const struct fmt_tok *t)
{
	for (size_t i = 0; i < t->len; i++) {
		unsigned char c = (unsigned char)t->s[i];
		if (c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
			return true;
	}
	return false;
}

/* Expands the composite conversions (%T, %r, %R, %D, %F, %X, %x) of f into
 * out, so single fields can be taken out of the result. */
static void fmt_expand(const char *f, char *out, size_t n, int depth)
{
	struct fmt_tok t[FMT_TOKS_MAX];
	size_t nt = fmt_tokenize(f, t, FMT_TOKS_MAX), off = 0;
	if (n)
		out[0] = '\0';
	for (size_t i = 0; i < nt && off + 1 < n; i++) {
		const char *sub = NULL;
		switch (t[i].conv) {
		case 'T': sub = "%H:%M:%S"; break;
		case 'R': sub = "%H:%M"; break;
		case 'D': sub = "%m/%d/%y"; break;
		case 'F': sub = "%Y-%m-%d"; break;
		case 'r':
			sub = nl_langinfo(T_FMT_AMPM);
			if (!sub || !*sub)
				sub = "%I:%M:%S %p";
			break;
		case 'X': sub = nl_langinfo(T_FMT); break;
		case 'x': sub = nl_langinfo(D_FMT); break;
		default: break;
		}
		if (sub && depth < 3) {
			fmt_expand(sub, out + off, n - off, depth + 1);
			off += strlen(out + off);
		} else {
			int w = snprintf(out + off, n - off, "%.*s", (int)t[i].len, t[i].s);
			if (w < 0)
				break;
			off += (size_t)w < n - off ? (size_t)w : n - off - 1;
		}
	}
}

/* Writes f to out without the conversions listed in drop, each with the
 * separator before it ("%H:%M:%S" -> "%H:%M", "%d.%m.%Y" -> "%d.%m") or,
 * when there is none or the text after it is a unit, the text after it
 * ("%Y-%m-%d" -> "%m-%d", "%H時%M分%S秒" -> "%H時%M分"). Twelve-hour
 * hours lose their padding ("2:05 PM", not "02:05 PM"). */
static void fmt_drop(const char *f, const char *drop, char *out, size_t n)
{
	struct fmt_tok t[FMT_TOKS_MAX];
	bool keep[FMT_TOKS_MAX];
	size_t nt = fmt_tokenize(f, t, FMT_TOKS_MAX), off = 0;
	for (size_t i = 0; i < nt; i++)
		keep[i] = true;
	for (size_t i = 0; i < nt; i++) {
		if (!t[i].conv || !strchr(drop, t[i].conv))
			continue;
		keep[i] = false;
		bool after = i + 1 < nt && !t[i + 1].conv;
		bool before = i > 0 && !t[i - 1].conv && keep[i - 1];
		if (after && (fmt_is_unit(&t[i + 1]) || !before))
			keep[i + 1] = false;
		else if (before)
			keep[i - 1] = false;
	}
	if (n)
		out[0] = '\0';
	for (size_t i = 0; i < nt && off + 1 < n; i++) {
		if (!keep[i])
			continue;
		int w;
		if (t[i].conv == 'I' || t[i].conv == 'l')
			w = snprintf(out + off, n - off, "%%-%c", t[i].conv);
		else
			w = snprintf(out + off, n - off, "%.*s", (int)t[i].len, t[i].s);
		if (w < 0)
			break;
		off += (size_t)w < n - off ? (size_t)w : n - off - 1;
	}
	/* No separator left dangling at either end ("%d/%m/" from "%d/%m/%y"). */
	while (off && (out[off - 1] == ' ' || out[off - 1] == ',' || out[off - 1] == '/' ||
		       out[off - 1] == '-' || out[off - 1] == ':'))
		out[--off] = '\0';
	size_t lead = strspn(out, " ,/-:");
	if (lead)
		memmove(out, out + lead, strlen(out + lead) + 1);
}

void text_time_format(char *out, size_t n)
{
	char full[128];
	fmt_expand("%X", full, sizeof full, 0);
	fmt_drop(full, "SZz", out, n);
	if (n && !out[0])
		snprintf(out, n, "%%H:%%M");
}

void text_date_format(bool with_year, char *out, size_t n)
{
	char full[128];
	fmt_expand("%x", full, sizeof full, 0);
	fmt_drop(full, with_year ? "" : "YyCGg", out, n);
	if (n && !out[0])
		snprintf(out, n, "%s", with_year ? "%Y-%m-%d" : "%m-%d");
}

/* strftime(3) with a format built at run time from the locale's. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
size_t text_strftime(char *out, size_t n, const char *fmt, const struct tm *tm)
{
	return strftime(out, n, fmt, tm);
}
#pragma GCC diagnostic pop

/* strftime(3) of the calendar time ms in local time, in the locale's
 * formats: the time of day, the date before it when it is another day
 * than now_ms's (without the year when it is the same year), or only the
 * date when time is false and it is another year. */
static void format_local(int64_t now_ms, int64_t ms, bool time_always, char *out, size_t n)
{
	time_t tn = ms_to_time(now_ms), tt = ms_to_time(ms);
	struct tm now_tm, tm;
	char fmt[160];

	if (n == 0)
		return;
	if (!localtime_r(&tn, &now_tm) || !localtime_r(&tt, &tm)) {
		out[0] = '\0';
		return;
	}
	/* Worked out once per locale, not per message on every redraw. */
	static char loc[128], tf[64], df_year[64], df_day[64];
	const char *cur = setlocale(LC_TIME, NULL);
	if (!cur)
		cur = "";
	if (!loc[0] || strcmp(loc, cur) != 0) {
		snprintf(loc, sizeof loc, "%s", cur);
		text_time_format(tf, sizeof tf);
		text_date_format(true, df_year, sizeof df_year);
		text_date_format(false, df_day, sizeof df_day);
	}
	if (tm.tm_year == now_tm.tm_year && tm.tm_yday == now_tm.tm_yday) {
		snprintf(fmt, sizeof fmt, "%s", tf);
	} else {
		bool year = tm.tm_year != now_tm.tm_year;
		const char *df = year ? df_year : df_day;
		if (year && !time_always)
			snprintf(fmt, sizeof fmt, "%s", df);
		else
			snprintf(fmt, sizeof fmt, "%s %s", df, tf);
	}
	if (text_strftime(out, n, fmt, &tm) == 0)
		out[0] = '\0';
}

void text_clock(int64_t now_ms, int64_t ms, char *out, size_t n)
{
	format_local(now_ms, ms, false, out, n);
}

void text_datetime(int64_t now_ms, int64_t ms, char *out, size_t n)
{
	format_local(now_ms, ms, true, out, n);
}

void text_phone_pretty(const char *e164, char *out, size_t n)
{
	if (n == 0)
		return;
	bool nanp = strncmp(e164, "+1", 2) == 0 && strlen(e164) == 12;
	for (size_t i = 2; nanp && i < 12; i++)
		if (e164[i] < '0' || e164[i] > '9')
			nanp = false;
	if (nanp)
		snprintf(out, n, "(%.3s) %.3s-%.4s", e164 + 2, e164 + 5, e164 + 8);
	else
		snprintf(out, n, "%s", e164);
}
