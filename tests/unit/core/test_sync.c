/* Unit tests for core/sync, driven with canned server answers: the
 * first-screen batch and what it fills, state events asking for changes and
 * queryChanges, cannotCalculateChanges restarts, coalescing of events while
 * a request is in flight, transport-error backoff, thread loading, paging,
 * queue changes, restarts and presence. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "common/util.h"
#include "core/sync.h"

static int64_t fake_now;

static int64_t fake_clock(void)
{
	return fake_now;
}

/* JSON written with ' for " (test readability). */
static json_t *jq(const char *text)
{
	char *t = xstrdup(text);
	for (char *p = t; *p; p++)
		if (*p == '\'')
			*p = '"';
	json_error_t e;
	json_t *j = json_loads(t, 0, &e);
	if (!j)
		fail_msg("bad test JSON (%s) at %d: %s", e.text, e.position, t);
	free(t);
	return j;
}

/* The call with call id cid in a request, or NULL. */
static json_t *call(json_t *req, const char *cid)
{
	size_t i;
	json_t *c;
	json_array_foreach(json_object_get(req, "methodCalls"), i, c)
		if (strcmp(json_string_value(json_array_get(c, 2)), cid) == 0)
			return c;
	return NULL;
}

static const char *call_name(json_t *req, const char *cid)
{
	json_t *c = call(req, cid);
	return c ? json_string_value(json_array_get(c, 0)) : NULL;
}

static json_t *call_args(json_t *req, const char *cid)
{
	json_t *c = call(req, cid);
	assert_non_null(c);
	return json_array_get(c, 1);
}

static size_t call_count(json_t *req)
{
	return json_array_size(json_object_get(req, "methodCalls"));
}

static void assert_backref(json_t *args, const char *of, const char *name, const char *path)
{
	json_t *r = json_object_get(args, "#ids");
	assert_non_null(r);
	assert_string_equal(json_string_value(json_object_get(r, "resultOf")), of);
	assert_string_equal(json_string_value(json_object_get(r, "name")), name);
	assert_string_equal(json_string_value(json_object_get(r, "path")), path);
}

#define CONV(id, name, extra)                                                                      \
	"{'id':'" id "','version':1,'departmentId':'dfront','patientName':'" name "',"             \
	"'patientPhone':'+15555550142','language':'es','status':'open','assigneeId':null,"         \
	"'lastMessage':{'id':'m1','direction':'in','preview':'hola','at':'2026-11-23T14:01:00Z'}," \
	"'lastActivity':'2026-11-23T14:01:00Z','waitingSince':null,'unread':true,"                 \
	"'consent':'optedIn','createdAt':'2026-11-20T09:00:00Z'" extra "}"

#define DEPTS(open)                                                                                \
	"[{'id':'dfront','version':1,'name':'Front Desk','smsNumber':'+15555550100',"              \
	"'secureTemplateId':null,'member':true,'counts':{'open':" open ",'unassigned':1,'mine':0," \
	"'waiting':1,'snoozed':0,'resolved':9}},"                                                  \
	"{'id':'dnurse','version':1,'name':'Nursing','smsNumber':'+15555550101',"                  \
	"'secureTemplateId':null,'member':false}]"

static const char first_screen_reply[] =
	"{'methodResponses':["
	"['Conversation/get',{'state':'C1','list':[],'notFound':[]},'cst'],"
	"['Message/get',{'state':'M1','list':[],'notFound':[]},'mst'],"
	"['Note/get',{'state':'N1','list':[],'notFound':[]},'nst'],"
	"['Department/get',{'state':'D1','list':" DEPTS(
		"2") ",'notFound':[]},'dept'],"
		     "['Staff/get',{'state':'S1','list':[{'id':'s1','version':1,'username':'dana',"
		     "'displayName':'Dana Reyes','role':'agent','departmentIds':['dfront'],'disabled':false,"
		     "'openLoad':3},{'id':'s9','version':1,'username':'miguel','displayName':'Miguel Ortiz',"
		     "'role':'supervisor','departmentIds':['dfront'],'disabled':false,'openLoad':0}],"
		     "'notFound':[]},'staff'],"
		     "['Template/get',{'state':'T1','list':[{'id':'t1','version':1,'name':'Confirm',"
		     "'departmentId':null,'language':'en','body':'Hi {patient.first_name}'}],'notFound':[]},"
		     "'tmpl'],"
		     "['Conversation/query',{'queryState':'Q1','canCalculateChanges':true,'position':0,"
		     "'ids':['c1','c2'],'total':57},'q'],"
		     "['Conversation/get',{'state':'C1','list':[" CONV(
			     "c1", "Ana Gómez", "") "," CONV("c2", "Ben Ode",
							     "") "],'notFound':[]},'qg']"
								 "],'sessionState':'x'}";

static struct cstore *st;
static struct sync *sy;

static int setup(void **state)
{
	(void)state;
	fake_now = 100000;
	st = cstore_new();
	sy = sync_new(st, "s1");
	sync_set_clock(sy, fake_clock);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	sync_free(&sy);
	cstore_free(&st);
	return 0;
}

static unsigned reply(int status, const char *text)
{
	json_t *body = text ? jq(text) : NULL;
	unsigned d = sync_on_response(sy, status, body);
	json_decref(body);
	return d;
}

/* Sends and answers the first screen. */
static void load_first_screen(void)
{
	json_t *req = sync_next(sy);
	assert_non_null(req);
	assert_string_equal(call_name(req, "q"), "Conversation/query");
	json_decref(req);
	reply(200, first_screen_reply);
	assert_false(sync_loading(sy));
}

static void state_event(const char *text)
{
	json_t *ev = jq(text);
	sync_on_state_event(sy, ev);
	json_decref(ev);
}

/* ---- first screen ---------------------------------------------------------------------- */

static void unit__sync__first_screen_builds_one_batch(void **state)
{
	(void)state;
	struct queue_spec q = { .sort = QSORT_WAITING };
	snprintf(q.department_id, sizeof q.department_id, "dfront");
	sync_set_queue(sy, &q);
	assert_true(sync_loading(sy));
	json_t *req = sync_next(sy);
	assert_non_null(req);
	assert_string_equal(call_name(req, "dept"), "Department/get");
	assert_true(json_is_null(json_object_get(call_args(req, "dept"), "ids")));
	assert_string_equal(call_name(req, "staff"), "Staff/get");
	json_t *sa = call_args(req, "staff");
	assert_true(json_is_null(json_object_get(sa, "ids")));
	json_t *props = json_object_get(sa, "properties");
	bool load = false, name = false;
	size_t i;
	json_t *p;
	json_array_foreach(props, i, p) {
		load |= strcmp(json_string_value(p), "openLoad") == 0;
		name |= strcmp(json_string_value(p), "displayName") == 0;
	}
	assert_true(load && name);
	assert_string_equal(call_name(req, "tmpl"), "Template/get");

	assert_string_equal(call_name(req, "q"), "Conversation/query");
	json_t *qa = call_args(req, "q");
	json_t *f = json_object_get(qa, "filter");
	assert_string_equal(json_string_value(json_object_get(f, "departmentId")), "dfront");
	json_t *stt = json_object_get(f, "status");
	assert_int_equal(json_array_size(stt), 2);
	assert_string_equal(json_string_value(json_array_get(stt, 0)), "open");
	assert_string_equal(json_string_value(json_array_get(stt, 1)), "pending");
	assert_null(json_object_get(f, "assignee"));
	assert_null(json_object_get(f, "text"));
	json_t *s0 = json_array_get(json_object_get(qa, "sort"), 0);
	assert_string_equal(json_string_value(json_object_get(s0, "property")), "waitingSince");
	assert_true(json_is_true(json_object_get(s0, "isAscending")));
	assert_int_equal(json_integer_value(json_object_get(qa, "position")), 0);
	assert_int_equal(json_integer_value(json_object_get(qa, "limit")), 40);
	assert_true(json_is_true(json_object_get(qa, "calculateTotal")));
	assert_string_equal(call_name(req, "qg"), "Conversation/get");
	assert_backref(call_args(req, "qg"), "q", "Conversation/query", "/ids");
	/* The change-feed states of the PHI types come with it. */
	assert_string_equal(call_name(req, "mst"), "Message/get");
	assert_string_equal(call_name(req, "nst"), "Note/get");
	assert_string_equal(call_name(req, "cst"), "Conversation/get");
	assert_null(call(req, "tmq")); /* no thread open */
	json_decref(req);
	/* One request at a time. */
	assert_null(sync_next(sy));
}

static void unit__sync__first_screen_fills_store(void **state)
{
	(void)state;
	json_t *req = sync_next(sy);
	json_decref(req);
	unsigned d = reply(200, first_screen_reply);
	assert_int_equal(d & (DIRTY_DEPTS | DIRTY_STAFF | DIRTY_TEMPLATES | DIRTY_QUEUE |
			      DIRTY_CONVS),
			 DIRTY_DEPTS | DIRTY_STAFF | DIRTY_TEMPLATES | DIRTY_QUEUE | DIRTY_CONVS);
	assert_false(d & DIRTY_THREAD);
	assert_false(sync_loading(sy));
	assert_int_equal(cstore_department_count(st), 2);
	const struct cdept *fd = cstore_department(st, "dfront");
	assert_true(fd->member && fd->has_counts);
	assert_int_equal(fd->counts.open, 2);
	assert_false(cstore_department(st, "dnurse")->has_counts);
	assert_false(cstore_department(st, "dnurse")->member);
	assert_int_equal(cstore_staff_count(st), 2);
	assert_int_equal(cstore_staff_load(st, "s1"), 3);
	assert_int_equal(cstore_template_count(st), 1);
	assert_int_equal(cstore_queue_loaded(st), 2);
	assert_int_equal(cstore_queue_total(st), 57);
	assert_string_equal(cstore_queue_id(st, 0), "c1");
	assert_string_equal(cstore_queue_state(st), "Q1");
	assert_string_equal(cstore_conversation(st, "c1")->patient_name, "Ana Gómez");
	assert_string_equal(cstore_state(st, OBJ_CONVERSATION), "C1");
	assert_string_equal(cstore_state(st, OBJ_MESSAGE), "M1");
	assert_string_equal(cstore_state(st, OBJ_NOTE), "N1");
	assert_string_equal(cstore_state(st, OBJ_DEPARTMENT), "D1");
	assert_string_equal(cstore_state(st, OBJ_STAFF), "S1");
	assert_string_equal(cstore_state(st, OBJ_TEMPLATE), "T1");
	assert_null(sync_error(sy));
	assert_null(sync_next(sy)); /* nothing else due */
}

/* ---- state events ------------------------------------------------------------------------ */

static void unit__sync__state_event_asks_for_changes(void **state)
{
	(void)state;
	load_first_screen();
	sync_set_thread(sy, "c1");
	json_t *req = sync_next(sy);
	json_decref(req);
	reply(200, "{'methodResponses':["
		   "['Message/query',{'ids':['m1'],'total':1,'position':0},'tmq'],"
		   "['Message/get',{'state':'M1','list':[{'id':'m1','conversationId':'c1',"
		   "'direction':'in','body':'hola','createdAt':'2026-11-23T14:01:00Z'}]},'tmg'],"
		   "['Note/query',{'ids':[],'total':0,'position':0},'tnq'],"
		   "['Note/get',{'state':'N1','list':[]},'tng']]}");
	assert_true(cstore_thread_loaded(st, "c1"));

	/* Department's token is unchanged (counts move without it). */
	state_event("{'Conversation':'C2','Message':'M2','Department':'D1','Note':'N1'}");
	req = sync_next(sy);
	assert_non_null(req);
	assert_string_equal(call_name(req, "dept"), "Department/get");
	assert_string_equal(call_name(req, "load"), "Staff/get");
	assert_null(call(req, "staff"));
	assert_null(call(req, "tmpl"));
	assert_null(call(req, "nc")); /* Note did not change */
	assert_string_equal(call_name(req, "cc"), "Conversation/changes");
	assert_string_equal(json_string_value(json_object_get(call_args(req, "cc"), "sinceState")),
			    "C1");
	assert_backref(call_args(req, "ccc"), "cc", "Conversation/changes", "/created");
	assert_backref(call_args(req, "ccu"), "cc", "Conversation/changes", "/updated");
	assert_string_equal(call_name(req, "qch"), "Conversation/queryChanges");
	json_t *qa = call_args(req, "qch");
	assert_string_equal(json_string_value(json_object_get(qa, "sinceQueryState")), "Q1");
	assert_string_equal(json_string_value(json_object_get(
				    json_array_get(json_object_get(qa, "sort"), 0), "property")),
			    "waitingSince");
	assert_non_null(json_object_get(json_object_get(qa, "filter"), "status"));
	assert_string_equal(call_name(req, "mc"), "Message/changes");
	assert_string_equal(json_string_value(json_object_get(call_args(req, "mc"), "sinceState")),
			    "M1");
	assert_backref(call_args(req, "mcc"), "mc", "Message/changes", "/created");
	assert_backref(call_args(req, "mcu"), "mc", "Message/changes", "/updated");
	json_decref(req);

	unsigned d = reply(
		200,
		"{'methodResponses':["
		"['Department/get',{'state':'D1','list':" DEPTS(
			"3") "},'dept'],"
			     "['Staff/get',{'state':'S1','list':[{'id':'s1','openLoad':4},{'id':'s9','openLoad':0}]},"
			     "'load'],"
			     "['Conversation/changes',{'oldState':'C1','newState':'C2','hasMoreChanges':false,"
			     "'created':['c3'],'updated':['c1'],'destroyed':['c2']},'cc'],"
			     "['Conversation/get',{'state':'C2','list':[" CONV(
				     "c3", "Cy Doe",
				     "") "]},'ccc'],"
					 "['Conversation/get',{'state':'C2','list':[" CONV(
						 "c1", "Ana Gómez",
						 ",'version':2,'unread':false") "]},"
										"'ccu'],"
										"['Conversation/queryChanges',{'oldQueryState':'Q1','newQueryState':'Q2',"
										"'removed':['c1','c2','c3'],'added':[{'id':'c3','index':0},{'id':'c1','index':1}],"
										"'total':57},'qch'],"
										"['Message/changes',{'oldState':'M1','newState':'M2','hasMoreChanges':false,"
										"'created':['m2','m3'],'updated':[],'destroyed':[]},'mc'],"
										"['Message/get',{'state':'M2','list':["
										"{'id':'m2','conversationId':'c1','direction':'out','body':'Claro','authorId':'s9',"
										"'createdAt':'2026-11-23T14:02:00Z'},"
										"{'id':'m3','conversationId':'c7','direction':'in','body':'not loaded',"
										"'createdAt':'2026-11-23T14:02:00Z'}]},'mcc'],"
										"['Message/get',{'state':'M2','list':[]},'mcu']]}");
	assert_true(d & DIRTY_DEPTS);
	assert_true(d & DIRTY_STAFF);
	assert_true(d & DIRTY_QUEUE);
	assert_true(d & DIRTY_CONVS);
	assert_true(d & DIRTY_THREAD);
	assert_false(d & DIRTY_TEMPLATES);
	assert_int_equal(cstore_department(st, "dfront")->counts.open, 3);
	assert_int_equal(cstore_staff_load(st, "s1"), 4);
	assert_null(cstore_conversation(st, "c2"));
	assert_non_null(cstore_conversation(st, "c3"));
	assert_false(cstore_conversation(st, "c1")->unread);
	assert_int_equal(cstore_queue_loaded(st), 2);
	assert_string_equal(cstore_queue_id(st, 0), "c3");
	assert_string_equal(cstore_queue_id(st, 1), "c1");
	assert_string_equal(cstore_queue_state(st), "Q2");
	assert_string_equal(cstore_state(st, OBJ_CONVERSATION), "C2");
	assert_string_equal(cstore_state(st, OBJ_MESSAGE), "M2");
	/* Only the loaded thread keeps its message. */
	const struct citem *items;
	assert_int_equal(cstore_thread(st, "c1", &items), 2);
	assert_string_equal(items[1].m->id, "m2");
	assert_null(cstore_message(st, "m3"));
	/* All caught up. */
	assert_null(sync_next(sy));
}

static void unit__sync__event_with_known_tokens_asks_nothing(void **state)
{
	(void)state;
	load_first_screen();
	state_event("{'Conversation':'C1','Message':'M1','Note':'N1','Department':'D1',"
		    "'Staff':'S1','Template':'T1','Assignment':'A7'}");
	assert_null(sync_next(sy));
	/* Staff and Template changes are re-read whole. */
	state_event("{'Staff':'S2','Template':'T2'}");
	json_t *req = sync_next(sy);
	assert_string_equal(call_name(req, "staff"), "Staff/get");
	assert_string_equal(call_name(req, "tmpl"), "Template/get");
	assert_null(call(req, "cc"));
	assert_null(call(req, "dept"));
	json_decref(req);
	unsigned d = reply(200, "{'methodResponses':["
				"['Staff/get',{'state':'S2','list':[{'id':'s1','version':2,"
				"'displayName':'Dana R.','openLoad':3}]},'staff'],"
				"['Template/get',{'state':'T2','list':[]},'tmpl']]}");
	assert_int_equal(d, DIRTY_STAFF | DIRTY_TEMPLATES);
	assert_int_equal(cstore_staff_count(st), 1);
	assert_int_equal(cstore_template_count(st), 0);
	assert_null(sync_next(sy));
}

static void unit__sync__cannot_calculate_changes_restarts(void **state)
{
	(void)state;
	load_first_screen();
	sync_set_thread(sy, "c1");
	json_decref(sync_next(sy));
	reply(200, "{'methodResponses':["
		   "['Message/query',{'ids':['m1'],'total':1,'position':0},'tmq'],"
		   "['Message/get',{'state':'M1','list':[{'id':'m1','conversationId':'c1',"
		   "'direction':'in','body':'hola','createdAt':'2026-11-23T14:01:00Z'}]},'tmg'],"
		   "['Note/query',{'ids':[],'total':0,'position':0},'tnq'],"
		   "['Note/get',{'state':'N1','list':[]},'tng']]}");
	state_event("{'Conversation':'C9'}");
	json_t *req = sync_next(sy);
	assert_non_null(call(req, "cc"));
	json_decref(req);
	unsigned d = reply(
		200,
		"{'methodResponses':["
		"['Department/get',{'state':'D1','list':" DEPTS(
			"2") "},'dept'],"
			     "['error',{'type':'cannotCalculateChanges','description':'re-sync'},'cc'],"
			     "['error',{'type':'invalidResultReference','description':'x'},'ccc'],"
			     "['error',{'type':'invalidResultReference','description':'x'},'ccu'],"
			     "['Conversation/queryChanges',{'newQueryState':'Q2','removed':[],"
			     "'added':[],'total':57},'qch']]}");
	assert_int_equal(d, 0);
	assert_string_equal(cstore_queue_state(st), "Q1"); /* the rest was not applied */
	/* The first screen again, re-reading what is held and the open thread. */
	req = sync_next(sy);
	assert_non_null(req);
	assert_string_equal(call_name(req, "q"), "Conversation/query");
	assert_string_equal(call_name(req, "dept"), "Department/get");
	assert_string_equal(call_name(req, "cst"), "Conversation/get");
	json_t *kr = json_object_get(call_args(req, "kr0"), "ids");
	assert_int_equal(json_array_size(kr), 2);
	assert_string_equal(call_name(req, "tmq"), "Message/query");
	assert_string_equal(
		json_string_value(json_object_get(json_object_get(call_args(req, "tmq"), "filter"),
						  "conversationId")),
		"c1");
	json_decref(req);
	/* c2 is no longer visible: dropped. */
	json_t *body = jq(first_screen_reply);
	json_t *rs = json_object_get(body, "methodResponses");
	json_array_append_new(rs, jq("['Conversation/get',{'state':'C5','list':[" CONV(
					  "c1", "Ana Gómez", "") "],'notFound':['c2']},'kr0']"));
	sync_on_response(sy, 200, body);
	json_decref(body);
	assert_null(cstore_conversation(st, "c2"));
	assert_non_null(cstore_conversation(st, "c1"));
}

static void unit__sync__query_changes_failure_requeries(void **state)
{
	(void)state;
	load_first_screen();
	state_event("{'Conversation':'C2'}");
	json_decref(sync_next(sy));
	reply(200,
	      "{'methodResponses':["
	      "['Department/get',{'state':'D1','list':" DEPTS(
		      "2") "},'dept'],"
			   "['Conversation/changes',{'oldState':'C1','newState':'C2','hasMoreChanges':false,"
			   "'created':[],'updated':[],'destroyed':[]},'cc'],"
			   "['Conversation/get',{'state':'C2','list':[]},'ccc'],"
			   "['Conversation/get',{'state':'C2','list':[]},'ccu'],"
			   "['error',{'type':'cannotCalculateChanges','description':'too many'},'qch']]}");
	assert_string_equal(cstore_state(st, OBJ_CONVERSATION), "C2");
	json_t *req = sync_next(sy);
	assert_non_null(req);
	assert_string_equal(call_name(req, "q"), "Conversation/query");
	assert_null(call(req, "dept")); /* not a full restart */
	assert_null(call(req, "cc"));
	json_decref(req);
}

static void unit__sync__coalesces_events_while_in_flight(void **state)
{
	(void)state;
	load_first_screen();
	state_event("{'Conversation':'C2'}");
	json_t *req = sync_next(sy);
	assert_non_null(call(req, "cc"));
	assert_null(call(req, "mc"));
	json_decref(req);
	/* Three more events while the request is out: nothing is sent. */
	state_event("{'Message':'M2'}");
	state_event("{'Conversation':'C3','Message':'M3'}");
	state_event("{'Note':'N2'}");
	assert_null(sync_next(sy));
	reply(200,
	      "{'methodResponses':["
	      "['Department/get',{'state':'D1','list':" DEPTS(
		      "2") "},'dept'],"
			   "['Conversation/changes',{'oldState':'C1','newState':'C2','hasMoreChanges':false,"
			   "'created':[],'updated':[],'destroyed':[]},'cc'],"
			   "['Conversation/get',{'state':'C2','list':[]},'ccc'],"
			   "['Conversation/get',{'state':'C2','list':[]},'ccu'],"
			   "['Conversation/queryChanges',{'newQueryState':'Q2','removed':[],'added':[],"
			   "'total':57},'qch']]}");
	/* One follow-up covering all of them. */
	req = sync_next(sy);
	assert_non_null(req);
	assert_string_equal(json_string_value(json_object_get(call_args(req, "cc"), "sinceState")),
			    "C2");
	assert_string_equal(
		json_string_value(json_object_get(call_args(req, "qch"), "sinceQueryState")), "Q2");
	assert_string_equal(call_name(req, "mc"), "Message/changes");
	assert_string_equal(call_name(req, "nc"), "Note/changes");
	json_decref(req);
	reply(200,
	      "{'methodResponses':["
	      "['Department/get',{'state':'D1','list':" DEPTS(
		      "2") "},'dept'],"
			   "['Conversation/changes',{'oldState':'C2','newState':'C3','hasMoreChanges':false,"
			   "'created':[],'updated':[],'destroyed':[]},'cc'],"
			   "['Conversation/queryChanges',{'newQueryState':'Q3','removed':[],'added':[],"
			   "'total':57},'qch'],"
			   "['Message/changes',{'oldState':'M1','newState':'M3','hasMoreChanges':false,"
			   "'created':[],'updated':[],'destroyed':[]},'mc'],"
			   "['Note/changes',{'oldState':'N1','newState':'N2','hasMoreChanges':false,"
			   "'created':[],'updated':[],'destroyed':[]},'nc']]}");
	assert_null(sync_next(sy));
	/* A token older than the store's (an event that raced an answer) is
	 * spent by the answer instead of asking forever. */
	state_event("{'Message':'M2'}");
	req = sync_next(sy);
	assert_non_null(call(req, "mc"));
	json_decref(req);
	reply(200, "{'methodResponses':[['Message/changes',{'oldState':'M3','newState':'M3',"
		   "'hasMoreChanges':false,'created':[],'updated':[],'destroyed':[]},'mc']]}");
	assert_null(sync_next(sy));
}

static void unit__sync__has_more_changes_asks_again(void **state)
{
	(void)state;
	load_first_screen();
	state_event("{'Message':'M9'}");
	json_decref(sync_next(sy));
	reply(200, "{'methodResponses':[['Message/changes',{'oldState':'M1','newState':'M5',"
		   "'hasMoreChanges':true,'created':[],'updated':[],'destroyed':[]},'mc']]}");
	json_t *req = sync_next(sy);
	assert_non_null(req);
	assert_string_equal(json_string_value(json_object_get(call_args(req, "mc"), "sinceState")),
			    "M5");
	json_decref(req);
}

/* ---- failures ----------------------------------------------------------------------------- */

static void unit__sync__transport_error_keeps_work_and_backs_off(void **state)
{
	(void)state;
	json_t *req = sync_next(sy);
	json_decref(req);
	assert_int_equal(reply(0, NULL), 0);
	assert_true(sync_loading(sy));
	assert_int_equal(sync_retry_at(sy), 101000);
	assert_null(sync_next(sy));
	fake_now = 100999;
	assert_null(sync_next(sy));
	fake_now = 101000;
	req = sync_next(sy);
	assert_non_null(req); /* the same first screen */
	assert_string_equal(call_name(req, "q"), "Conversation/query");
	json_decref(req);
	assert_int_equal(reply(503, "{'type':'urn:curtain:error:unavailable','status':503}"), 0);
	assert_int_equal(sync_retry_at(sy), 103000); /* doubled */
	fake_now = 103000;
	json_decref(sync_next(sy));
	json_t *body = jq("{'type':'urn:curtain:error:rateLimited','status':429}");
	assert_int_equal(sync_on_reply(sy, 429, body, "5"), 0);
	json_decref(body);
	assert_int_equal(sync_retry_at(sy), 108000); /* Retry-After */
	/* The backoff can be cut short (the stream came back). */
	sync_on_reconnect(sy);
	assert_int_equal(sync_retry_at(sy), 0);
	req = sync_next(sy);
	assert_non_null(req);
	json_decref(req);
	reply(200, first_screen_reply);
	assert_false(sync_loading(sy));
	/* Success resets the backoff: the next failure waits 1 s again. */
	state_event("{'Note':'N2'}");
	json_decref(sync_next(sy));
	reply(0, NULL);
	assert_int_equal(sync_retry_at(sy), fake_now + 1000);
}

static void unit__sync__method_error_reported_and_retried(void **state)
{
	(void)state;
	load_first_screen();
	state_event("{'Note':'N2'}");
	json_decref(sync_next(sy));
	reply(200, "{'methodResponses':[['error',{'type':'serverFail',"
		   "'description':'could not read the change log'},'nc']]}");
	assert_string_equal(sync_error(sy), "could not read the change log");
	assert_null(sync_next(sy)); /* backing off */
	fake_now += 1000;
	json_t *req = sync_next(sy);
	assert_non_null(call(req, "nc"));
	json_decref(req);
	reply(200, "{'methodResponses':[['Note/changes',{'oldState':'N1','newState':'N2',"
		   "'hasMoreChanges':false,'created':[],'updated':[],'destroyed':[]},'nc']]}");
	assert_null(sync_error(sy));
	assert_null(sync_next(sy));
}

static void unit__sync__restart_ignores_answer_sent_before(void **state)
{
	(void)state;
	load_first_screen();
	state_event("{'Conversation':'C2'}");
	json_decref(sync_next(sy));
	sync_restart(sy);
	assert_true(sync_loading(sy));
	unsigned d = reply(200,
			   "{'methodResponses':[['Conversation/changes',{'oldState':'C1',"
			   "'newState':'C2','created':[],'updated':[],'destroyed':['c1']},'cc']]}");
	assert_int_equal(d, 0);
	assert_non_null(cstore_conversation(st, "c1"));
	json_t *req = sync_next(sy);
	assert_string_equal(call_name(req, "q"), "Conversation/query");
	json_decref(req);
}

/* ---- threads, pages, queues ---------------------------------------------------------------- */

static void unit__sync__thread_loads_messages_and_notes(void **state)
{
	(void)state;
	load_first_screen();
	sync_set_thread(sy, "c1");
	json_t *req = sync_next(sy);
	assert_non_null(req);
	assert_int_equal(call_count(req), 4);
	json_t *a = call_args(req, "tmq");
	assert_string_equal(call_name(req, "tmq"), "Message/query");
	assert_string_equal(
		json_string_value(json_object_get(json_object_get(a, "filter"), "conversationId")),
		"c1");
	assert_int_equal(json_integer_value(json_object_get(a, "limit")), 500);
	assert_backref(call_args(req, "tmg"), "tmq", "Message/query", "/ids");
	assert_string_equal(call_name(req, "tnq"), "Note/query");
	assert_backref(call_args(req, "tng"), "tnq", "Note/query", "/ids");
	json_decref(req);
	unsigned d = reply(200,
			   "{'methodResponses':["
			   "['Message/query',{'ids':['m1','m2'],'total':2,'position':0},'tmq'],"
			   "['Message/get',{'state':'M1','list':["
			   "{'id':'m2','conversationId':'c1','direction':'out','body':'Claro',"
			   "'createdAt':'2026-11-23T14:05:00Z'},"
			   "{'id':'m1','conversationId':'c1','direction':'in','body':'hola',"
			   "'createdAt':'2026-11-23T14:01:00Z'}]},'tmg'],"
			   "['Note/query',{'ids':['n1'],'total':1,'position':0},'tnq'],"
			   "['Note/get',{'state':'N1','list':[{'id':'n1','conversationId':'c1',"
			   "'authorId':'s9','body':'called','createdAt':'2026-11-23T14:03:00Z'}]},"
			   "'tng']]}");
	assert_int_equal(d, DIRTY_THREAD);
	assert_true(cstore_thread_loaded(st, "c1"));
	const struct citem *it;
	assert_int_equal(cstore_thread(st, "c1", &it), 3);
	assert_string_equal(it[0].m->id, "m1");
	assert_true(it[1].is_note);
	assert_string_equal(it[2].m->id, "m2");
	assert_string_equal(cstore_thread_last_id(st, "c1"), "m2");
	assert_null(sync_next(sy));
	/* Switching back to a loaded thread asks nothing. */
	sync_set_thread(sy, "");
	sync_set_thread(sy, "c1");
	assert_null(sync_next(sy));
}

static void unit__sync__long_thread_loads_newest_part(void **state)
{
	(void)state;
	load_first_screen();
	sync_set_thread(sy, "c1");
	json_decref(sync_next(sy));
	reply(200, "{'methodResponses':["
		   "['Message/query',{'ids':['m1'],'total':700,'position':0},'tmq'],"
		   "['Message/get',{'state':'M1','list':[{'id':'m1','conversationId':'c1',"
		   "'direction':'in','body':'old','createdAt':'2026-01-01T00:00:00Z'}]},'tmg'],"
		   "['Note/query',{'ids':[],'total':0,'position':0},'tnq'],"
		   "['Note/get',{'state':'N1','list':[]},'tng']]}");
	assert_false(cstore_thread_loaded(st, "c1"));
	json_t *req = sync_next(sy);
	assert_int_equal(json_integer_value(json_object_get(call_args(req, "tmq"), "position")),
			 200);
	assert_null(call(req, "tnq"));
	json_decref(req);
	reply(200, "{'methodResponses':["
		   "['Message/query',{'ids':['m700'],'total':700,'position':200},'tmq'],"
		   "['Message/get',{'state':'M1','list':[{'id':'m700','conversationId':'c1',"
		   "'direction':'in','body':'new','createdAt':'2026-11-01T00:00:00Z'}]},'tmg']]}");
	assert_true(cstore_thread_loaded(st, "c1"));
	assert_non_null(cstore_message(st, "m700"));
	assert_null(cstore_message(st, "m1"));
	assert_null(sync_next(sy));
}

static void unit__sync__want_more_reads_next_page(void **state)
{
	(void)state;
	load_first_screen();
	sync_want_more(sy);
	json_t *req = sync_next(sy);
	assert_non_null(req);
	assert_string_equal(call_name(req, "pq"), "Conversation/query");
	json_t *a = call_args(req, "pq");
	assert_int_equal(json_integer_value(json_object_get(a, "position")), 2);
	assert_int_equal(json_integer_value(json_object_get(a, "limit")), 40);
	assert_backref(call_args(req, "pg"), "pq", "Conversation/query", "/ids");
	json_decref(req);
	unsigned d = reply(200, "{'methodResponses':["
				"['Conversation/query',{'queryState':'Q1','position':2,"
				"'ids':['c4','c5'],'total':57},'pq'],"
				"['Conversation/get',{'state':'C1','list':[" CONV(
					"c4", "Dee", "") "," CONV("c5", "Eve", "") "]},'pg']]}");
	assert_int_equal(d, DIRTY_QUEUE | DIRTY_CONVS);
	assert_int_equal(cstore_queue_loaded(st), 4);
	assert_string_equal(cstore_queue_id(st, 3), "c5");
	assert_null(sync_next(sy));
}

static void unit__sync__page_at_newer_state_patches_then(void **state)
{
	(void)state;
	load_first_screen();
	sync_want_more(sy);
	json_decref(sync_next(sy));
	/* The page came from a newer list, and c9 is missing from the get. */
	reply(200, "{'methodResponses':["
		   "['Conversation/query',{'queryState':'Q7','position':2,'ids':['c4','c9'],"
		   "'total':58},'pq'],"
		   "['Conversation/get',{'state':'C1','list':[" CONV("c4", "Dee", "") "]},'pg']]}");
	assert_int_equal(cstore_queue_loaded(st), 4);
	json_t *req = sync_next(sy);
	assert_non_null(req);
	/* The queue is patched from its own (older) state, and c9 fetched. */
	assert_string_equal(
		json_string_value(json_object_get(call_args(req, "qch"), "sinceQueryState")), "Q1");
	json_t *fx = json_object_get(call_args(req, "fx"), "ids");
	assert_int_equal(json_array_size(fx), 1);
	assert_string_equal(json_string_value(json_array_get(fx, 0)), "c9");
	json_decref(req);
}

static void unit__sync__set_queue_runs_a_new_query(void **state)
{
	(void)state;
	load_first_screen();
	struct queue_spec q = { .sort = QSORT_ACTIVITY, .waiting = true };
	char me[] = "me";
	q.assignee = me;
	snprintf(q.department_id, sizeof q.department_id, "dnurse");
	snprintf(q.text, sizeof q.text, "gomez");
	q.status_mask = 1u << CONV_SNOOZED;
	sync_set_queue(sy, &q);
	me[0] = 'X'; /* the spec was copied */
	assert_int_equal(cstore_queue_loaded(st), 0);
	assert_null(cstore_queue_state(st));
	assert_string_equal(sync_queue(sy)->assignee, "me");
	json_t *req = sync_next(sy);
	assert_non_null(req);
	assert_null(call(req, "dept"));
	json_t *f = json_object_get(call_args(req, "q"), "filter");
	assert_string_equal(json_string_value(json_object_get(f, "departmentId")), "dnurse");
	assert_string_equal(json_string_value(json_object_get(f, "assignee")), "me");
	assert_true(json_is_true(json_object_get(f, "waiting")));
	assert_string_equal(json_string_value(json_object_get(f, "text")), "gomez");
	assert_int_equal(json_array_size(json_object_get(f, "status")), 1);
	assert_string_equal(json_string_value(json_array_get(json_object_get(f, "status"), 0)),
			    "snoozed");
	json_t *s0 = json_array_get(json_object_get(call_args(req, "q"), "sort"), 0);
	assert_string_equal(json_string_value(json_object_get(s0, "property")), "lastActivity");
	assert_true(json_is_false(json_object_get(s0, "isAscending")));
	json_decref(req);
	/* The department is no longer visible: the reason, an empty queue,
	 * and no loop. */
	reply(200, "{'methodResponses':[['error',{'type':'forbidden',"
		   "'description':'you are not a member of that department'},'q'],"
		   "['error',{'type':'invalidResultReference','description':'x'},'qg']]}");
	assert_string_equal(sync_error(sy), "you are not a member of that department");
	assert_int_equal(cstore_queue_loaded(st), 0);
	assert_null(sync_next(sy));
}

static void unit__sync__queue_change_while_query_in_flight(void **state)
{
	(void)state;
	load_first_screen();
	struct queue_spec q = { .sort = QSORT_ACTIVITY };
	sync_set_queue(sy, &q);
	json_decref(sync_next(sy));
	q.sort = QSORT_WAITING;
	sync_set_queue(sy, &q);
	/* The answer for the first spec must not fill the second's queue. */
	reply(200,
	      "{'methodResponses':[['Conversation/query',{'queryState':'QA','position':0,"
	      "'ids':['c1'],'total':1},'q'],['Conversation/get',{'state':'C1','list':[]},'qg']]}");
	assert_int_equal(cstore_queue_loaded(st), 0);
	json_t *req = sync_next(sy);
	json_t *s0 = json_array_get(json_object_get(call_args(req, "q"), "sort"), 0);
	assert_string_equal(json_string_value(json_object_get(s0, "property")), "waitingSince");
	json_decref(req);
}

static void unit__sync__created_open_conversation_reloads_thread(void **state)
{
	(void)state;
	load_first_screen();
	sync_set_thread(sy, "c8");
	json_decref(sync_next(sy));
	reply(200,
	      "{'methodResponses':[['error',{'type':'notFound','description':'no conversation c8'},"
	      "'tmq']]}");
	assert_null(sync_next(sy)); /* not asked again in a loop */
	/* It was transferred into sight: the thread loads. */
	state_event("{'Conversation':'C2'}");
	json_decref(sync_next(sy));
	reply(200,
	      "{'methodResponses':["
	      "['Conversation/changes',{'oldState':'C1','newState':'C2','hasMoreChanges':false,"
	      "'created':['c8'],'updated':[],'destroyed':[]},'cc'],"
	      "['Conversation/get',{'state':'C2','list':[" CONV(
		      "c8", "Hal",
		      "") "]},'ccc'],"
			  "['Conversation/queryChanges',{'newQueryState':'Q2','removed':['c8'],"
			  "'added':[],'total':57},'qch']]}");
	json_t *req = sync_next(sy);
	assert_non_null(req);
	assert_string_equal(call_name(req, "tmq"), "Message/query");
	json_decref(req);
}

static void unit__sync__presence_event_stored(void **state)
{
	(void)state;
	json_t *ev = jq("{'conversationId':'c1','staffId':'s9','displayName':'Miguel Ortiz',"
			"'state':'composing','expiresAt':'2026-11-23T14:05:39Z'}");
	assert_int_equal(sync_on_presence_event(sy, ev), DIRTY_PRESENCE);
	json_decref(ev);
	int64_t exp;
	assert_true(time_parse_iso("2026-11-23T14:05:39Z", &exp));
	const struct cpresence *p = cstore_presence(st, "c1", "s1", exp - 1);
	assert_non_null(p);
	assert_string_equal(p->display_name, "Miguel Ortiz");
	assert_null(cstore_presence(st, "c1", "s1", exp));
	/* My own presence is not stored. */
	ev = jq("{'conversationId':'c2','staffId':'s1','state':'viewing',"
		"'expiresAt':'2026-11-23T14:05:39Z'}");
	assert_int_equal(sync_on_presence_event(sy, ev), 0);
	json_decref(ev);
	assert_null(cstore_presence(st, "c2", NULL, exp - 1));
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(unit__sync__first_screen_builds_one_batch),
		T(unit__sync__first_screen_fills_store),
		T(unit__sync__state_event_asks_for_changes),
		T(unit__sync__event_with_known_tokens_asks_nothing),
		T(unit__sync__cannot_calculate_changes_restarts),
		T(unit__sync__query_changes_failure_requeries),
		T(unit__sync__coalesces_events_while_in_flight),
		T(unit__sync__has_more_changes_asks_again),
		T(unit__sync__transport_error_keeps_work_and_backs_off),
		T(unit__sync__method_error_reported_and_retried),
		T(unit__sync__restart_ignores_answer_sent_before),
		T(unit__sync__thread_loads_messages_and_notes),
		T(unit__sync__long_thread_loads_newest_part),
		T(unit__sync__want_more_reads_next_page),
		T(unit__sync__page_at_newer_state_patches_then),
		T(unit__sync__set_queue_runs_a_new_query),
		T(unit__sync__queue_change_while_query_in_flight),
		T(unit__sync__created_open_conversation_reloads_thread),
		T(unit__sync__presence_event_stored),
	};
#undef T
	return cmocka_run_group_tests(tests, NULL, NULL);
}
