/* seed: curtainctl's data makers. `seed --demo` builds Lakeside Family
 * Medicine (departments, staff with real credentials written to a 0600
 * file, templates, three dozen scripted conversations in English and
 * Spanish); `seed --conversations N` bulk-loads deterministic synthetic
 * conversations in one transaction for load tests and benchmarks. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/buf.h"
#include "common/i18n.h"
#include "common/util.h"
#include "ctl/ctl.h"
#include "server/totp.h"

#define MIN_MS	(60 * 1000LL)
#define HOUR_MS (60 * MIN_MS)
#define DAY_MS	(24 * HOUR_MS)

/* ---- the demo practice -------------------------------------------------- */

#define DEMO_PRACTICE	  "Lakeside Family Medicine"
#define DEMO_PHONE	  "+15555550199"
#define DEMO_DEPTS	  3
#define DEMO_STAFF	  6
#define DEMO_PASSWORD_LEN 16

static const struct {
	const char *name, *number;
} demo_depts[DEMO_DEPTS] = {
	{ "Front Desk", "+15555550100" },
	{ "Billing", "+15555550101" },
	{ "Nursing", "+15555550102" },
};

static const struct {
	const char *username, *name;
	enum role role;
	unsigned depts; /* bit i = demo_depts[i] */
} demo_staff[DEMO_STAFF] = {
	{ "dana", "Dana Reyes", ROLE_AGENT, 1 },
	{ "miguel", "Miguel Ortiz", ROLE_AGENT, 1 | 2 },
	{ "priya", "Priya Shah", ROLE_SUPERVISOR, 7 },
	{ "sam", "Sam Lee", ROLE_AGENT, 2 },
	{ "nora", "Nora Kim", ROLE_AGENT, 4 },
	{ "admin", "Alex Admin", ROLE_ADMIN, 7 },
};

/* Who answers a department's unassigned conversations in the script. */
static const char *const demo_default_author[DEMO_DEPTS] = { "dana", "sam", "nora" };

struct demo_template {
	const char *name;
	int dept; /* index into demo_depts, -1 = every department */
	const char *lang;
	const char *body;
};

static const struct demo_template demo_templates[] = {
	{ "Secure message", -1, "en",
	  "You have a new secure message from {practice.name}. Please call us at {practice.phone}." },
	{ "Secure message", -1, "es",
	  "Tiene un nuevo mensaje seguro de {practice.name}. Por favor llámenos al {practice.phone}." },
	{ "Appointment reminder", -1, "en",
	  "Hi {patient.first_name}, this is {practice.name} reminding you of your appointment on "
	  "{?appointment date} at {?appointment time}. Reply C to confirm or call {practice.phone} "
	  "to reschedule." },
	{ "Appointment reminder", -1, "es",
	  "Hola {patient.first_name}, le recordamos de {practice.name} su cita el {?fecha de la cita} "
	  "a las {?hora de la cita}. Responda C para confirmar o llame al {practice.phone} para "
	  "cambiarla." },
	{ "Please call us", -1, "en",
	  "Hi {patient.first_name}, this is {staff.first_name} at {practice.name}. Please call us at "
	  "{practice.phone} when you have a moment." },
	{ "Please call us", -1, "es",
	  "Hola {patient.first_name}, le escribe {staff.first_name} de {practice.name}. Por favor "
	  "llámenos al {practice.phone} cuando pueda." },
	{ "Insurance card", 0, "en",
	  "Hi {patient.first_name}, please bring your insurance card and a photo ID to your visit, "
	  "or upload both in the patient portal before {?appointment date}." },
	{ "Insurance card", 0, "es",
	  "Hola {patient.first_name}, por favor traiga su tarjeta del seguro y una identificación "
	  "con foto a su cita, o súbalas al portal del paciente antes del {?fecha de la cita}." },
	{ "Directions", 0, "en",
	  "{practice.name} is at 200 Lakeside Drive, Suite 300. Free parking is behind the building; "
	  "the entrance faces the lake. Questions? Call {practice.phone}." },
	{ "Directions", 0, "es",
	  "{practice.name} está en 200 Lakeside Drive, Suite 300. El estacionamiento es gratis detrás "
	  "del edificio; la entrada da al lago. ¿Preguntas? Llame al {practice.phone}." },
	{ "New patient forms", 0, "en",
	  "Hi {patient.first_name}, please arrive 15 minutes early to fill out new patient forms, or "
	  "complete them online before {?appointment date}." },
	{ "Running late", 0, "en",
	  "Hi {patient.first_name}, we're running about {?minutes} minutes behind today. Thank you "
	  "for your patience! - {practice.name}" },
	{ "Billing follow-up", 1, "en",
	  "Hi {patient.first_name}, this is {staff.first_name} from the {practice.name} billing "
	  "office. Please call us at {practice.phone} about your account. We're here Mon-Fri 8-5." },
	{ "Billing follow-up", 1, "es",
	  "Hola {patient.first_name}, le escribe {staff.first_name} de la oficina de facturación de "
	  "{practice.name}. Por favor llámenos al {practice.phone} sobre su cuenta. Estamos de lunes "
	  "a viernes de 8 a 5." },
	{ "Nurse callback", 2, "en",
	  "Hi {patient.first_name}, a nurse from {practice.name} will call you {?callback window}. "
	  "If you miss us, please call {practice.phone}." },
	{ "Nurse callback", 2, "es",
	  "Hola {patient.first_name}, una enfermera de {practice.name} le llamará {?horario de la "
	  "llamada}. Si no puede contestar, llame al {practice.phone}." },
};
#define DEMO_TEMPLATES (sizeof demo_templates / sizeof demo_templates[0])

/* One scripted message: 'i'nbound or 'o'utbound, minutes before now. */
struct demo_msg {
	char dir;
	int ago;
	const char *body;
};

struct demo_conv {
	int dept;
	const char *name;
	const char *phone;
	const char *lang;
	enum conv_status status;
	const char *assignee; /* username or NULL */
	const char *note;     /* internal note by the assignee, or NULL */
	struct demo_msg msgs[6];
};

#define H(n) ((n)*60)
#define D(n) ((n)*1440)

/* Logistics only: this product nags about clinical detail in texts. */
/* clang-format off */
static const struct demo_conv demo_convs[] = {
	/* ---- Front Desk ---- */
	{ 0, "Emily Carter", "+15555552034", "en", CONV_OPEN, NULL, NULL,
	  { { 'i', 3, "Hi, I need to reschedule my appointment on Thursday. Do you have anything "
		      "Friday morning?" } } },
	{ 0, "James Whitfield", "+15555552117", "en", CONV_OPEN, "dana", NULL,
	  { { 'o', D(1) + H(2), "Hi James, this is Dana at Lakeside Family Medicine. Reminder: your "
				"appointment is tomorrow at 10:30 AM with Dr. Patel. Reply C to confirm." },
	    { 'i', 25, "C. Is there parking at the building?" } } },
	{ 0, "María González", "+15555552250", "es", CONV_OPEN, NULL, NULL,
	  { { 'i', 45, "Hola, quisiera hacer una cita para mi hijo. ¿Tienen algo la próxima semana?" },
	    { 'o', 43, "Hola María, claro que sí. ¿Prefiere en la mañana o en la tarde?" },
	    { 'i', 40, "En la tarde, después de las 3 por favor." } } },
	{ 0, "Olivia Bennett", "+15555552318", "en", CONV_PENDING, "dana", NULL,
	  { { 'i', D(1) + H(3), "Can I get a copy of the new patient forms before my visit?" },
	    { 'o', D(1) + H(2), "Hi Olivia! You can fill them out online before your visit, or "
				"arrive 15 minutes early. Which works better for you?" } } },
	{ 0, "Marcus Johnson", "+15555552406", "en", CONV_OPEN, NULL, NULL,
	  { { 'i', H(2) + 10, "What time do you open on Saturdays?" },
	    { 'i', H(2), "Also, do you take walk-ins?" } } },
	{ 0, "José Hernández", "+15555552471", "es", CONV_OPEN, "miguel", NULL,
	  { { 'o', D(2), "Hola José, le recordamos su cita el jueves a las 9:00 AM en Lakeside "
			 "Family Medicine. Responda C para confirmar." },
	    { 'i', D(1) + H(4), "No puedo ir el jueves. ¿Se puede cambiar para el lunes?" } } },
	{ 0, "Grace Thompson", "+15555552529", "en", CONV_RESOLVED, "dana", NULL,
	  { { 'i', D(3) + 20, "Hi, where do I park for the clinic?" },
	    { 'o', D(3) + 10, "Hi Grace, free parking is behind the building, and the entrance "
			      "faces the lake. See you soon!" },
	    { 'i', D(3) + 5, "Perfect, thank you!" },
	    { 'o', D(3), "You're welcome, Grace. Have a good day!" } } },
	{ 0, "Lucía Ramírez", "+15555552583", "es", CONV_OPEN, NULL, NULL,
	  { { 'i', 12, "Buenos días, ¿necesito traer algo a mi primera cita?" } } },
	{ 0, "Daniel Novak", "+15555552640", "en", CONV_SNOOZED, "miguel", NULL,
	  { { 'i', D(1) + H(1), "Can I move my appointment to next month? I'm traveling." },
	    { 'o', D(1), "Hi Daniel, next month's schedule isn't open yet. I'll text you as soon "
			 "as it opens." } } },
	{ 0, "Carlos Mendoza", "+15555552702", "es", CONV_OPEN, "dana", NULL,
	  { { 'o', H(6), "Hola Carlos, le escribe Dana de Lakeside Family Medicine. Por favor traiga "
			 "su tarjeta del seguro a su cita de mañana." },
	    { 'i', H(5), "¿Puedo mandar una foto de la tarjeta por aquí?" } } },
	{ 0, "Aisha Rahman", "+15555552765", "en", CONV_OPEN, "dana", NULL,
	  { { 'i', H(1) + 20, "Running about 10 minutes late, sorry!" },
	    { 'o', H(1) + 18, "No problem, Aisha. We'll let the front desk know. Drive safe!" } } },
	{ 0, "Kevin O'Brien", "+15555552811", "en", CONV_OPEN, NULL, NULL,
	  { { 'i', D(3) + H(5), "Please call me about changing the phone number on my file." } } },
	{ 0, "Ana Torres", "+15555552876", "es", CONV_PENDING, "miguel",
	  "Prefiere mensajes en español; llamar después de las 5.",
	  { { 'i', H(20), "¿Cuál es la dirección de la clínica?" },
	    { 'o', H(19), "Hola Ana, estamos en 200 Lakeside Drive, Suite 300. El estacionamiento es "
			  "gratis detrás del edificio." },
	    { 'o', H(19) - 1, "¿Le gustaría que le enviemos un mapa?" } } },
	{ 0, "Tyler Brooks", "+15555552934", "en", CONV_RESOLVED, NULL, NULL,
	  { { 'o', D(5), "Hi Tyler, reminder: your appointment is Monday at 2:15 PM. Reply C to "
			 "confirm or call (555) 555-0199 to reschedule." },
	    { 'i', D(5) - 30, "C" },
	    { 'o', D(5) - 31, "Thanks, you're confirmed!" } } },
	{ 0, "Luis Martínez", "+15555553008", "es", CONV_OPEN, NULL, NULL,
	  { { 'i', 55, "Hola, recibí un mensaje de ustedes pero no lo entiendo. ¿Me pueden llamar?" },
	    { 'i', 50, "Mi número es este mismo." } } },
	{ 0, "Megan Foster", "+15555553072", "en", CONV_OPEN, "priya", NULL,
	  { { 'i', 9, "Is Dr. Alvarez in the office today? I have a quick scheduling question." },
	    { 'i', 8, "Never mind, can I just book the next open slot with her?" } } },
	/* ---- Billing ---- */
	{ 1, "Robert Haines", "+15555553145", "en", CONV_OPEN, "sam", NULL,
	  { { 'o', D(1) + H(1), "Hi Robert, this is Sam from the Lakeside Family Medicine billing "
				"office. Please call us at (555) 555-0199 about your account. We're "
				"here Mon-Fri 8-5." },
	    { 'i', 30, "Got your message. Can you tell me the balance by text?" } } },
	{ 1, "Rosa Delgado", "+15555553209", "es", CONV_OPEN, NULL, NULL,
	  { { 'i', D(2) + H(3), "Buenas tardes, me llegó una factura de $85. ¿Puedo pagar en partes?" } } },
	{ 1, "Linda Park", "+15555553266", "en", CONV_PENDING, "sam",
	  "Checking with the clearinghouse for a duplicate charge.",
	  { { 'i', H(4), "I think I was billed twice for my visit in March." },
	    { 'o', H(3) + 40, "Hi Linda, sorry about that! I'm looking into it. Could you reply with "
			      "the statement date on the bill?" } } },
	{ 1, "Jorge Castillo", "+15555553331", "es", CONV_RESOLVED, "miguel", NULL,
	  { { 'i', D(4), "¿Aceptan pagos con tarjeta por teléfono?" },
	    { 'o', D(4) - 20, "Hola Jorge, sí, puede llamar al (555) 555-0199 de lunes a viernes de "
			      "8 a 5." },
	    { 'i', D(4) - 25, "Perfecto, gracias." },
	    { 'o', D(4) - 26, "¡Con gusto!" } } },
	{ 1, "Samuel Wright", "+15555553397", "en", CONV_OPEN, NULL, NULL,
	  { { 'i', H(6), "Do you have a payment plan option? My balance is $240." } } },
	{ 1, "Chloe Adams", "+15555553452", "en", CONV_OPEN, "miguel", NULL,
	  { { 'i', H(3), "Can I update my insurance? I switched jobs." },
	    { 'o', H(2) + 50, "Hi Chloe, yes! Please bring your new card to your next visit or "
			      "upload a photo in the patient portal." },
	    { 'i', H(2) + 45, "Will do. Do I need to call anyone else?" },
	    { 'o', H(2) + 40, "Nope, we'll take care of the rest. Thanks!" } } },
	{ 1, "Isabel Flores", "+15555553518", "es", CONV_OPEN, "sam", NULL,
	  { { 'o', D(1), "Hola Isabel, le escribe Sam de la oficina de facturación. Por favor "
			 "llámenos al (555) 555-0199 cuando pueda." },
	    { 'i', 15, "Hola Sam, ¿a qué hora puedo llamar mañana?" } } },
	{ 1, "Brian Mitchell", "+15555553579", "en", CONV_SNOOZED, "sam", NULL,
	  { { 'i', D(2), "I'll pay the rest of my bill on Friday when I get paid." },
	    { 'o', D(2) - 10, "Thanks, Brian. I'll check back with you Friday afternoon." } } },
	{ 1, "Rachel Stein", "+15555553640", "en", CONV_RESOLVED, NULL, NULL,
	  { { 'i', D(6), "Got a statement but I already paid online last week." },
	    { 'o', D(6) - 60, "Hi Rachel, thanks for letting us know. Your payment posted on the "
			      "12th, so you can ignore that statement." } } },
	{ 1, "Derek Owens", "+15555553701", "en", CONV_OPEN, NULL, NULL,
	  { { 'i', H(4), "Please call me back about my bill, I'm at work until 5." } } },
	/* ---- Nursing ---- */
	{ 2, "Patricia Dunn", "+15555553766", "en", CONV_OPEN, NULL, NULL,
	  { { 'i', 20, "Can a nurse call me back? I have a question before my visit tomorrow." } } },
	{ 2, "Carmen Vega", "+15555553824", "es", CONV_OPEN, "nora", NULL,
	  { { 'o', H(3), "Hola Carmen, una enfermera de Lakeside Family Medicine la llamará entre "
			 "las 2 y las 4 de la tarde." },
	    { 'i', H(1) + 30, "No pude contestar, ¿me pueden llamar otra vez?" } } },
	{ 2, "Nathan Cole", "+15555553889", "en", CONV_PENDING, "nora", NULL,
	  { { 'i', D(1) + H(2), "Does my son's school form need to be signed at the visit?" },
	    { 'o', D(1) + H(1), "Hi Nathan, you can drop the school form at the front desk and "
				"it will be ready in 2 business days. Which school is it for?" } } },
	{ 2, "Jasmine Wu", "+15555553947", "en", CONV_RESOLVED, "nora", NULL,
	  { { 'o', D(2) + H(1), "Hi Jasmine, the nurse tried to reach you. Please call us at "
				"(555) 555-0199." },
	    { 'i', D(2), "Sorry, just saw this. Calling now." },
	    { 'o', D(2) - 5, "Great, talk soon." } } },
	{ 2, "Alejandro Ríos", "+15555554012", "es", CONV_OPEN, NULL, NULL,
	  { { 'i', 47, "Hola, ¿la enfermera me puede llamar hoy?" },
	    { 'i', 45, "Estoy disponible después de las 4." } } },
	{ 2, "Ethan Gray", "+15555554078", "en", CONV_OPEN, "priya", NULL,
	  { { 'i', H(3), "Is there a nurse I can talk to before my visit next week?" } } },
	{ 2, "Sofía Morales", "+15555554133", "es", CONV_SNOOZED, "nora", NULL,
	  { { 'i', D(1) + H(6), "¿Puedo llevar el formulario del campamento de verano a la cita?" },
	    { 'o', D(1) + H(5), "Hola Sofía, claro. Le escribimos mañana para confirmar la hora de "
				"entrega." } } },
	{ 2, "Hannah Brooks", "+15555554190", "en", CONV_OPEN, "nora", NULL,
	  { { 'i', H(5), "Do I need to bring anything to my visit Thursday?" },
	    { 'o', H(4) + 50, "Hi Hannah, just your insurance card and a photo ID. See you "
			      "Thursday!" } } },
	{ 2, "Laura Nguyen", "+15555554255", "en", CONV_OPEN, NULL, NULL,
	  { { 'i', H(10), "Please have the nurse call me back, any time after 9am." } } },
	{ 2, "Steven Clark", "+15555554318", "en", CONV_RESOLVED, NULL, NULL,
	  { { 'i', D(7), "Where do I pick up the forms I asked for?" },
	    { 'o', D(7) - 30, "Hi Steven, your forms are ready at the front desk. We're open until 5 "
			      "today." } } },
};
/* clang-format on */
#define DEMO_CONVS (sizeof demo_convs / sizeof demo_convs[0])

#undef H
#undef D

struct demo_person {
	char password[DEMO_PASSWORD_LEN + 1];
	char secret[33];
	char hash[128];
	struct staff st;
};

static const char *demo_staff_id(const struct demo_person *people, const char *username)
{
	for (size_t i = 0; i < DEMO_STAFF; i++)
		if (strcmp(demo_staff[i].username, username) == 0)
			return people[i].st.id;
	return NULL;
}

/* Adds one scripted conversation, its claim and note, and snoozes it. */
static enum store_rc demo_conversation(struct ctl *c, const struct demo_conv *dc,
				       const struct department *depts,
				       const struct demo_person *people, int64_t now)
{
	const char *bodies[6], *authors[6];
	enum msg_direction dirs[6];
	int64_t times[6];
	size_t n = 0;
	char id[ID_LEN] = "";
	const char *assignee = dc->assignee ? demo_staff_id(people, dc->assignee) : NULL;
	const char *answerer = assignee ? assignee :
					  demo_staff_id(people, demo_default_author[dc->dept]);
	const struct actor a = { NULL, NULL, NULL };
	enum store_rc rc;

	for (; n < 6 && dc->msgs[n].body; n++) {
		bodies[n] = dc->msgs[n].body;
		dirs[n] = dc->msgs[n].dir == 'i' ? MSG_IN : MSG_OUT;
		authors[n] = dirs[n] == MSG_OUT ? answerer : NULL;
		times[n] = now - dc->msgs[n].ago * MIN_MS;
	}
	struct seed_conversation sc = {
		.department_id = depts[dc->dept].id,
		.patient_name = dc->name,
		.patient_phone = dc->phone,
		.language = dc->lang,
		.status = dc->status,
		.assignee_id = assignee,
		.created_at = times[0] - 2 * MIN_MS,
		.n_messages = n,
		.bodies = bodies,
		.directions = dirs,
		.authors = authors,
		.times = times,
	};
	if ((rc = store_seed_conversation(c->store, &sc, id)) != STORE_OK)
		return rc;

	if (assignee) {
		struct assignment as = { 0 };
		snprintf(as.conversation_id, sizeof as.conversation_id, "%s", id);
		as.kind = ASSIGN_CLAIM;
		snprintf(as.to_staff, sizeof as.to_staff, "%s", assignee);
		snprintf(as.to_dept, sizeof as.to_dept, "%s", depts[dc->dept].id);
		snprintf(as.by_staff, sizeof as.by_staff, "%s", assignee);
		as.at = times[0] + MIN_MS;
		if ((rc = store_assignment_add(c->store, &as)) != STORE_OK)
			return rc;
	}
	if (dc->note) {
		struct note nt = { 0 };
		snprintf(nt.conversation_id, sizeof nt.conversation_id, "%s", id);
		snprintf(nt.author_id, sizeof nt.author_id, "%s", answerer);
		nt.body = xstrdup(dc->note);
		nt.created_at = times[n - 1] + MIN_MS;
		rc = store_note_create(c->store, &a, &nt);
		note_clear(&nt);
		if (rc != STORE_OK)
			return rc;
	}
	if (dc->status == CONV_SNOOZED) {
		struct conversation cv = { 0 };
		if ((rc = store_conversation_get(c->store, id, &cv)) != STORE_OK)
			return rc;
		cv.snoozed_until = now + 20 * HOUR_MS;
		rc = store_conversation_update(c->store, &a, &cv, 0);
		conversation_clear(&cv);
	}
	return rc;
}

/* Writes "username TAB password TAB totp_secret TAB role" lines and syncs. */
static bool demo_write_credentials(int fd, const char *path, const struct demo_person *people)
{
	struct buf b;
	bool ok = true;
	buf_init(&b);
	for (size_t i = 0; i < DEMO_STAFF; i++)
		buf_printf(&b, "%s\t%s\t%s\t%s\n", demo_staff[i].username, people[i].password,
			   people[i].secret, role_name(demo_staff[i].role));
	for (size_t off = 0; off < b.len;) {
		ssize_t w = write(fd, b.data + off, b.len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			ok = false;
			break;
		}
		off += (size_t)w;
	}
	if (ok && fsync(fd) != 0)
		ok = false;
	if (!ok)
		ctl_error(_("cannot write '%s': %s"), path, strerror(errno));
	buf_free(&b);
	return ok;
}

static int seed_demo(struct ctl *c, const struct ctl_cmd *cmd)
{
	struct demo_person *people = NULL;
	struct department depts[DEMO_DEPTS];
	char tmpl_ids[DEMO_TEMPLATES][ID_LEN];
	char *seeded = NULL, *cred_path = NULL;
	int fd = -1, rc = CTL_FAIL;
	bool in_tx = false;
	enum store_rc src;
	const char *failed = NULL;
	struct buf path;

	memset(depts, 0, sizeof depts);
	if ((rc = ctl_open(c, cmd)) != CTL_OK)
		return rc;
	rc = CTL_FAIL;
	src = store_setting_get(c->store, "demo.seeded", &seeded);
	if (src == STORE_OK && seeded && strcmp(seeded, "1") == 0) {
		ctl_error(_("database '%s' already holds the demo practice"), c->db_path);
		free(seeded);
		return CTL_FAIL;
	}
	free(seeded);
	for (size_t i = 0; i < DEMO_DEPTS; i++) {
		struct department d = { 0 };
		if (store_department_by_name(c->store, demo_depts[i].name, &d) == STORE_OK ||
		    store_department_by_number(c->store, demo_depts[i].number, &d) == STORE_OK) {
			ctl_error(
				_("department '%s' (or its number %s) already exists; seed the demo "
				  "into a new database"),
				demo_depts[i].name, demo_depts[i].number);
			department_clear(&d);
			return CTL_FAIL;
		}
	}

	/* Claim the credentials file first: if it cannot be made, nothing changes. */
	buf_init(&path);
	buf_printf(&path, "%s.demo-credentials", c->db_path);
	cred_path = buf_steal(&path);
	fd = open(cred_path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		ctl_error(_("cannot create '%s': %s"), cred_path, strerror(errno));
		goto out;
	}
	fchmod(fd, 0600); /* whatever the umask */

	/* argon2id is slow: hash before taking the write lock. */
	people = sodium_malloc(sizeof *people * DEMO_STAFF);
	if (!people)
		die_oom();
	memset(people, 0, sizeof *people * DEMO_STAFF);
	for (size_t i = 0; i < DEMO_STAFF; i++) {
		ctl_password_random(people[i].password, DEMO_PASSWORD_LEN);
		if (!totp_secret_new(people[i].secret) ||
		    !crypto_password_hash(people[i].password, people[i].hash)) {
			ctl_error(_("cannot make credentials for the demo staff"));
			goto out;
		}
	}

	if (!ctl_tx_begin(c))
		goto out;
	in_tx = true;
	failed = _("store the practice settings");
	if ((src = store_setting_set(c->store, "practice.name", DEMO_PRACTICE)) != STORE_OK ||
	    (src = store_setting_set(c->store, "practice.phone", DEMO_PHONE)) != STORE_OK ||
	    (src = ctl_audit(c, "practice.update", "practice", NULL,
			     json_pack("{s:{s:s, s:s}}", "set", "name", DEMO_PRACTICE, "phone",
				       DEMO_PHONE))) != STORE_OK)
		goto fail;

	failed = _("create the demo departments");
	for (size_t i = 0; i < DEMO_DEPTS; i++)
		if ((src = ctl_dept_create(c, demo_depts[i].name, demo_depts[i].number,
					   &depts[i])) != STORE_OK)
			goto fail;

	failed = _("create the demo templates");
	for (size_t i = 0; i < DEMO_TEMPLATES; i++) {
		const struct demo_template *dt = &demo_templates[i];
		struct template t;
		src = ctl_template_create(c, dt->name, dt->dept < 0 ? "" : depts[dt->dept].id,
					  dt->lang, dt->body, &t);
		snprintf(tmpl_ids[i], ID_LEN, "%s", t.id);
		template_clear(&t);
		if (src != STORE_OK)
			goto fail;
	}
	/* demo_templates[0] is the English "Secure message": every department's
	 * stand-in for a too-detailed text. */
	failed = _("set the secure-message template");
	for (size_t i = 0; i < DEMO_DEPTS; i++) {
		const struct actor a = { NULL, NULL, NULL };
		free(depts[i].secure_template_id);
		depts[i].secure_template_id = xstrdup(tmpl_ids[0]);
		if ((src = store_department_update(c->store, &a, &depts[i])) != STORE_OK ||
		    (src = ctl_audit(c, "department.update", "department", depts[i].id,
				     json_pack("{s:s}", "secureTemplateId", tmpl_ids[0]))) !=
			    STORE_OK)
			goto fail;
	}

	failed = _("create the demo staff");
	for (size_t i = 0; i < DEMO_STAFF; i++) {
		struct id_list ids = { 0 };
		for (size_t d = 0; d < DEMO_DEPTS; d++)
			if (demo_staff[i].depts & (1u << d))
				id_list_add(&ids, depts[d].id);
		src = ctl_staff_create(c, demo_staff[i].username, demo_staff[i].name,
				       demo_staff[i].role, &ids, people[i].hash, people[i].secret,
				       &people[i].st);
		id_list_clear(&ids);
		if (src != STORE_OK)
			goto fail;
	}

	failed = _("create the demo conversations");
	int64_t now = now_ms();
	for (size_t i = 0; i < DEMO_CONVS; i++)
		if ((src = demo_conversation(c, &demo_convs[i], depts, people, now)) != STORE_OK)
			goto fail;

	failed = _("record the demo seeding");
	if ((src = store_setting_set(c->store, "demo.seeded", "1")) != STORE_OK ||
	    (src = ctl_audit(c, "seed.demo", NULL, NULL,
			     json_pack("{s:i, s:i, s:i, s:i}", "departments", DEMO_DEPTS, "staff",
				       DEMO_STAFF, "templates", (int)DEMO_TEMPLATES,
				       "conversations", (int)DEMO_CONVS))) != STORE_OK)
		goto fail;
	in_tx = false;
	if (ctl_tx_commit(c) != CTL_OK)
		goto out;
	if (!demo_write_credentials(fd, cred_path, people))
		goto out;
	printf(_("seeded %s: %d departments, %d staff, %d templates, %d conversations\n"),
	       DEMO_PRACTICE, DEMO_DEPTS, DEMO_STAFF, (int)DEMO_TEMPLATES, (int)DEMO_CONVS);
	printf(_("staff credentials (username, password, TOTP secret, role): %s\n"), cred_path);
	rc = CTL_OK;
	goto out;
fail:
	ctl_store_fail(src, failed);
out:
	if (in_tx)
		store_tx_rollback(c->store);
	if (fd >= 0) {
		close(fd);
		/* Only a committed seed leaves credentials behind; they would
		 * not match the database otherwise. */
		if (rc != CTL_OK)
			unlink(cred_path);
	}
	for (size_t i = 0; i < DEMO_DEPTS; i++)
		department_clear(&depts[i]);
	if (people) {
		for (size_t i = 0; i < DEMO_STAFF; i++)
			staff_clear(&people[i].st);
		sodium_free(people); /* zeroes the passwords, secrets and hashes */
	}
	free(cred_path);
	return rc;
}

/* ---- bulk synthetic conversations --------------------------------------- */

#define BULK_MAX_CONVERSATIONS 4000000LL /* per department: the phone space below */
#define BULK_MAX_MESSAGES      50
#define BULK_BODY_MAX	       240

static uint64_t mix64(uint64_t x)
{
	/* splitmix64: cheap, well spread, deterministic */
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

static const char *const bulk_first[] = {
	"Emma",	   "Liam",  "Olivia", "Noah",	 "Ava",	     "Elijah", "Sophia",  "James",
	"Mia",	   "Lucas", "Amelia", "Mateo",	 "Harper",   "Ethan",  "Evelyn",  "Daniel",
	"Camila",  "Henry", "Luna",   "Jackson", "Sofía",    "Diego",  "Valeria", "Carlos",
	"Aaliyah", "Omar",  "Grace",  "Wei",	 "Priyanka", "Kwame",  "Fatima",  "Andre",
};
static const char *const bulk_last[] = {
	"Smith",    "Johnson",	 "Williams", "Brown",	  "Jones",   "García",	 "Miller",
	"Davis",    "Rodríguez", "Martínez", "Hernández", "López",   "Gonzalez", "Wilson",
	"Anderson", "Thomas",	 "Taylor",   "Moore",	  "Jackson", "Martin",	 "Lee",
	"Pérez",    "Thompson",	 "White",    "Harris",	  "Sánchez", "Clark",	 "Ramírez",
	"Lewis",    "Robinson",	 "Walker",   "Nguyen",
};
static const char *const bulk_days_en[] = { "Monday", "Tuesday", "Wednesday", "Thursday",
					    "Friday" };
static const char *const bulk_days_es[] = { "lunes", "martes", "miércoles", "jueves", "viernes" };
static const char *const bulk_times[] = { "8:30 AM", "9:15 AM", "10:00 AM", "11:45 AM",
					  "1:30 PM", "2:15 PM", "3:40 PM",  "4:20 PM" };

static const char *const bulk_in_en[] = {
	"Hi, can I move my appointment on {day} to later in the day?",
	"Is there parking near the office?",
	"What time do you close on {day}?",
	"Can someone call me back about my bill?",
	"I need to update my insurance information.",
	"Running about 10 minutes late, sorry!",
	"Do I need to bring anything to my visit on {day}?",
	"Can I get the new patient forms by email?",
	"Please call me back after {time}.",
	"Got it, thank you!",
	"C",
	"Can I pay my balance over the phone?",
};
static const char *const bulk_out_en[] = {
	"Reminder: your appointment is {day} at {time}. Reply C to confirm or call (555) 555-0199.",
	"Thanks for letting us know. We have {day} at {time} open. Would that work?",
	"Please bring your insurance card and a photo ID to your visit.",
	"Free parking is behind the building; the entrance faces the lake.",
	"Please call us at (555) 555-0199 when you have a moment.",
	"You're all set. See you {day} at {time}!",
	"We're open until 5 today. Call us any time before then.",
};
static const char *const bulk_in_es[] = {
	"Hola, ¿puedo cambiar mi cita del {day} para más tarde?",
	"¿Hay estacionamiento cerca de la oficina?",
	"¿A qué hora cierran el {day}?",
	"¿Alguien me puede llamar sobre mi factura?",
	"Necesito actualizar la información de mi seguro.",
	"Voy a llegar unos 10 minutos tarde, disculpe.",
	"Por favor llámenme después de las {time}.",
	"Gracias, entendido.",
	"C",
};
static const char *const bulk_out_es[] = {
	"Le recordamos su cita el {day} a las {time}. Responda C para confirmar o llame al (555) "
	"555-0199.",
	"Gracias por avisarnos. Tenemos el {day} a las {time}. ¿Le funciona?",
	"Por favor traiga su tarjeta del seguro y una identificación con foto a su cita.",
	"El estacionamiento es gratis detrás del edificio.",
	"Por favor llámenos al (555) 555-0199 cuando pueda.",
	"Listo. ¡Lo esperamos el {day} a las {time}!",
};
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* Copies pattern into out, replacing {day} and {time}. */
static void bulk_fill(char out[BULK_BODY_MAX], const char *pattern, const char *day,
		      const char *time)
{
	size_t n = 0;
	for (const char *p = pattern; *p && n < BULK_BODY_MAX - 1;) {
		const char *sub = NULL;
		if (strncmp(p, "{day}", 5) == 0) {
			sub = day;
			p += 5;
		} else if (strncmp(p, "{time}", 6) == 0) {
			sub = time;
			p += 6;
		}
		if (sub) {
			for (; *sub && n < BULK_BODY_MAX - 1; sub++)
				out[n++] = *sub;
		} else {
			out[n++] = *p++;
		}
	}
	out[n] = '\0';
}

struct bulk_dept {
	struct department d;
	int64_t next; /* next phone index: starts after what the department holds */
	struct id_list staff;
};

/* Makes departments (if there are none) and one agent per department (if
 * there is no staff at all), so a fresh database can be bulk-loaded. */
static bool bulk_prepare(struct ctl *c, const char *only, struct bulk_dept **out, size_t *n_out,
			 int *made_depts, int *made_staff)
{
	struct department *ds = NULL;
	struct staff *sts = NULL;
	size_t nd = 0, ns = 0;
	struct bulk_dept *bd = NULL;
	bool ok = false;
	enum store_rc rc;

	*made_depts = *made_staff = 0;
	if ((rc = store_department_list(c->store, &ds, &nd)) != STORE_OK) {
		ctl_store_fail(rc, _("list the departments"));
		goto out;
	}
	if (nd == 0) {
		free(ds);
		ds = xcalloc(DEMO_DEPTS, sizeof *ds);
		for (size_t i = 0; i < DEMO_DEPTS; i++, nd++) {
			if ((rc = ctl_dept_create(c, demo_depts[i].name, demo_depts[i].number,
						  &ds[i])) != STORE_OK) {
				ctl_store_fail(rc, _("create the departments"));
				goto out;
			}
		}
		*made_depts = DEMO_DEPTS;
	}
	if ((rc = store_staff_list(c->store, &sts, &ns)) != STORE_OK) {
		ctl_store_fail(rc, _("list the users"));
		goto out;
	}
	if (ns == 0) {
		free(sts);
		sts = xcalloc(nd, sizeof *sts);
		for (size_t i = 0; i < nd; i++, ns++) {
			char username[64], display[160], password[25], secret[33], hash[128];
			size_t u = 0;
			for (const char *p = ds[i].name; *p && u < 40; p++) {
				char ch = *p;
				if (ch >= 'A' && ch <= 'Z')
					ch = (char)(ch - 'A' + 'a');
				if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9'))
					username[u++] = ch;
				else if (u && username[u - 1] != '-')
					username[u++] = '-';
			}
			username[u] = '\0';
			snprintf(username + u, sizeof username - u, "%sagent",
				 u && username[u - 1] != '-' ? "-" : "");
			snprintf(display, sizeof display, "%s Agent", ds[i].name);
			/* Nobody knows this password: an admin sets one with
			 * `user set-password` before anyone signs in. */
			ctl_password_random(password, 24);
			bool made = totp_secret_new(secret) && crypto_password_hash(password, hash);
			sodium_memzero(password, sizeof password);
			struct id_list ids = { 0 };
			id_list_add(&ids, ds[i].id);
			rc = made ? ctl_staff_create(c, username, display, ROLE_AGENT, &ids, hash,
						     secret, &sts[i]) :
				    STORE_ERROR;
			id_list_clear(&ids);
			sodium_memzero(secret, sizeof secret);
			sodium_memzero(hash, sizeof hash);
			if (rc != STORE_OK) {
				ctl_store_fail(rc, _("create the seed staff"));
				goto out;
			}
		}
		*made_staff = (int)nd;
	}

	bd = xcalloc(nd, sizeof *bd);
	size_t nb = 0;
	for (size_t i = 0; i < nd; i++) {
		if (only && strcmp(ds[i].name, only) != 0)
			continue;
		struct bulk_dept *b = &bd[nb++];
		b->d = ds[i];
		memset(&ds[i], 0, sizeof ds[i]);
		struct dept_counts counts = { 0 };
		if ((rc = store_department_counts(c->store, b->d.id, NULL, &counts)) != STORE_OK) {
			ctl_store_fail(rc, _("count the department's conversations"));
			goto out;
		}
		b->next = counts.open + counts.snoozed + counts.resolved;
		for (size_t j = 0; j < ns; j++)
			if (!sts[j].disabled && id_list_has(&sts[j].depts, b->d.id))
				id_list_add(&b->staff, sts[j].id);
	}
	if (nb == 0) {
		ctl_error(_("no department named '%s' (see 'curtainctl dept list')"), only);
		goto out;
	}
	*out = bd;
	*n_out = nb;
	bd = NULL;
	ok = true;
out:
	if (bd) {
		for (size_t i = 0; i < nd; i++) {
			department_clear(&bd[i].d);
			id_list_clear(&bd[i].staff);
		}
		free(bd);
	}
	for (size_t i = 0; i < nd; i++)
		department_clear(&ds[i]);
	for (size_t j = 0; j < ns; j++)
		staff_clear(&sts[j]);
	free(ds);
	free(sts);
	return ok;
}

/* One status line on the terminal, rewritten in place. */
static void bulk_progress(int64_t done, int64_t total)
{
	fputc('\r', stderr);
	fprintf(stderr, _("seeding: %lld/%lld conversations (%d%%)"), (long long)done,
		(long long)total, total ? (int)(done * 100 / total) : 100);
	fflush(stderr);
}

static int seed_bulk(struct ctl *c, const struct ctl_cmd *cmd, int64_t total, int per,
		     const char *only)
{
	struct bulk_dept *bd = NULL;
	size_t nb = 0;
	int made_depts = 0, made_staff = 0, rc = CTL_FAIL;
	char(*bodies)[BULK_BODY_MAX] = NULL;
	const char **body_ptrs = NULL, **authors = NULL;
	enum msg_direction *dirs = NULL;
	int64_t *times = NULL, done = 0, step;
	bool tty = isatty(STDERR_FILENO), in_tx = false;
	enum store_rc src;

	if ((rc = ctl_open(c, cmd)) != CTL_OK)
		return rc;
	rc = CTL_FAIL;
	int64_t t0 = mono_ms();
	if (!ctl_tx_begin(c))
		return CTL_FAIL;
	in_tx = true;
	if (!bulk_prepare(c, only, &bd, &nb, &made_depts, &made_staff))
		goto out;
	for (size_t i = 0; i < nb; i++) {
		int64_t share = total / (int64_t)nb + ((int64_t)i < total % (int64_t)nb);
		if (bd[i].next + share > BULK_MAX_CONVERSATIONS) {
			ctl_error(
				_("department '%s' would hold more than %lld synthetic conversations"),
				bd[i].d.name, BULK_MAX_CONVERSATIONS);
			goto out;
		}
	}
	bodies = xcalloc((size_t)per, sizeof *bodies);
	body_ptrs = xcalloc((size_t)per, sizeof *body_ptrs);
	authors = xcalloc((size_t)per, sizeof *authors);
	dirs = xcalloc((size_t)per, sizeof *dirs);
	times = xcalloc((size_t)per, sizeof *times);
	for (int j = 0; j < per; j++)
		body_ptrs[j] = bodies[j];

	int64_t now = now_ms(), t1 = mono_ms();
	step = total / 100 > 1000 ? total / 100 : 1000;
	for (int64_t i = 0; i < total; i++) {
		struct bulk_dept *b = &bd[(size_t)(i % (int64_t)nb)];
		int64_t k = b->next++;
		/* k -> a unique 7-digit local number in 1000000..4999999, away from
		 * the demo's 555-xxxx numbers. 7919 is prime, so k * 7919 mod 4e6
		 * is a bijection on 0..3999999. */
		int64_t local = 1000000 + (k * 7919) % 4000000;
		uint64_t r = mix64((uint64_t)k * 1000003u + (uint64_t)(i % (int64_t)nb));
		uint64_t r2 = mix64(r);
		char phone[16], name[80];
		snprintf(phone, sizeof phone, "+1555%07lld", (long long)local);
		snprintf(name, sizeof name, "%s %s", bulk_first[r % COUNT(bulk_first)],
			 bulk_last[(r >> 8) % COUNT(bulk_last)]);
		bool es = (r >> 16) % 3 == 0;
		unsigned st = (unsigned)((r >> 20) % 20);
		enum conv_status status = st < 12 ? CONV_OPEN :
					  st < 14 ? CONV_PENDING :
						    CONV_RESOLVED;
		const char *assignee = NULL;
		if (b->staff.n && (r >> 28) % 4 == 0)
			assignee = b->staff.ids[(r >> 32) % b->staff.n];
		/* Walk back from the last message: up to two weeks ago, with
		 * gaps of a minute to six hours. */
		int64_t t = now - (int64_t)(r2 % (uint64_t)(14 * DAY_MS));
		bool outbound_first = (r2 >> 40) % 3 == 0;
		for (int j = per - 1; j >= 0; j--) {
			times[j] = t;
			t -= MIN_MS + (int64_t)(mix64(r2 + (uint64_t)j) % (uint64_t)(6 * HOUR_MS));
		}
		for (int j = 0; j < per; j++) {
			uint64_t rj = mix64(r ^ ((uint64_t)j << 48));
			bool out = (j % 2 == 1) != outbound_first;
			const char *day = es ? bulk_days_es[rj % COUNT(bulk_days_es)] :
					       bulk_days_en[rj % COUNT(bulk_days_en)];
			const char *when = bulk_times[(rj >> 8) % COUNT(bulk_times)];
			const char *pattern;
			if (es)
				pattern = out ? bulk_out_es[(rj >> 16) % COUNT(bulk_out_es)] :
						bulk_in_es[(rj >> 16) % COUNT(bulk_in_es)];
			else
				pattern = out ? bulk_out_en[(rj >> 16) % COUNT(bulk_out_en)] :
						bulk_in_en[(rj >> 16) % COUNT(bulk_in_en)];
			bulk_fill(bodies[j], pattern, day, when);
			dirs[j] = out ? MSG_OUT : MSG_IN;
			authors[j] = out ? (assignee   ? assignee :
					    b->staff.n ? b->staff.ids[(rj >> 24) % b->staff.n] :
							 NULL) :
					   NULL;
		}
		struct seed_conversation sc = {
			.department_id = b->d.id,
			.patient_name = name,
			.patient_phone = phone,
			.language = es ? "es" : "en",
			.status = status,
			.assignee_id = assignee,
			.created_at = times[0] - MIN_MS,
			.n_messages = (size_t)per,
			.bodies = body_ptrs,
			.directions = dirs,
			.authors = authors,
			.times = times,
		};
		char id[ID_LEN];
		if ((src = store_seed_conversation(c->store, &sc, id)) != STORE_OK) {
			if (tty)
				fputc('\n', stderr);
			ctl_error(
				_("cannot add synthetic conversation %lld of %lld in department '%s': "
				  "%s"),
				(long long)i + 1, (long long)total, b->d.name, ctl_rc_text(src));
			goto out;
		}
		done++;
		if (tty && done % step == 0)
			bulk_progress(done, total);
	}
	if ((src = ctl_audit(c, "seed.bulk", NULL, NULL,
			     json_pack("{s:I, s:i, s:o, s:i, s:i}", "conversations",
				       (json_int_t)total, "messagesPerConversation", per,
				       "department", only ? json_string(only) : json_null(),
				       "createdDepartments", made_depts, "createdStaff",
				       made_staff))) != STORE_OK)
		goto out;
	in_tx = false;
	if (ctl_tx_commit(c) != CTL_OK)
		goto out;
	if (tty) {
		if (done % step)
			bulk_progress(done, total);
		fputc('\n', stderr);
	}
	int64_t t2 = mono_ms();
	if (made_depts)
		printf(ngettext("created %d department\n", "created %d departments\n",
				(unsigned long)made_depts),
		       made_depts);
	if (made_staff)
		printf(ngettext(
			       "created %d staff member (no known password; use 'user set-password')\n",
			       "created %d staff members (no known passwords; use 'user set-password')\n",
			       (unsigned long)made_staff),
		       made_staff);
	double secs = (double)(t2 - t1) / 1000.0;
	printf(ngettext("seeded %lld conversation with %lld messages in %.2f s",
			"seeded %lld conversations with %lld messages in %.2f s",
			(unsigned long)total),
	       (long long)total, (long long)total * per, secs);
	printf(_(" (%.0f conversations/s; %.2f s in all)\n"),
	       secs > 0 ? (double)total / secs : (double)total, (double)(t2 - t0) / 1000.0);
	rc = CTL_OK;
out:
	if (in_tx)
		store_tx_rollback(c->store);
	for (size_t i = 0; i < nb; i++) {
		department_clear(&bd[i].d);
		id_list_clear(&bd[i].staff);
	}
	free(bd);
	free(bodies);
	free(body_ptrs);
	free(authors);
	free(dirs);
	free(times);
	return rc;
}

static bool parse_count(const char *s, long long min, long long max, long long *out)
{
	char *end;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (errno || end == s || *end || v < min || v > max)
		return false;
	*out = v;
	return true;
}

int ctl_cmd_seed(struct ctl *c, const struct ctl_cmd *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "demo", no_argument, NULL, 'D' },
		{ "conversations", required_argument, NULL, 'c' },
		{ "messages-per-conversation", required_argument, NULL, 'm' },
		{ "dept", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	bool demo = false, done = false;
	const char *convs = NULL, *msgs = NULL, *dept = NULL;
	long long n = 0, m = 0;
	int opt, rc;

	while ((opt = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		if (opt == 'D')
			demo = true;
		else if (opt == 'c')
			convs = optarg;
		else if (opt == 'm')
			msgs = optarg;
		else if (opt == 'd')
			dept = optarg;
		else if ((rc = ctl_getopt_end(cmd, opt, argv, &done)), done)
			return rc;
	}
	if (optind < argc)
		return ctl_usage(cmd, _("unexpected argument '%s'"), argv[optind]);
	if (demo) {
		if (convs || msgs || dept)
			return ctl_usage(cmd, _("--demo cannot be combined with --conversations, "
						"--messages-per-conversation or --dept"));
		return seed_demo(c, cmd);
	}
	if (!convs)
		return ctl_usage(cmd, _("give --demo, or --conversations N with "
					"--messages-per-conversation M"));
	if (!parse_count(convs, 1, 10000000, &n))
		return ctl_usage(cmd,
				 _("--conversations needs a number from 1 to 10000000, not '%s'"),
				 convs);
	if (!msgs)
		return ctl_usage(cmd, _("--messages-per-conversation is missing"));
	if (!parse_count(msgs, 1, BULK_MAX_MESSAGES, &m))
		return ctl_usage(
			cmd, _("--messages-per-conversation needs a number from 1 to %d, not '%s'"),
			BULK_MAX_MESSAGES, msgs);
	return seed_bulk(c, cmd, n, (int)m, dept);
}
