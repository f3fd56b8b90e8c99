# English context words for the matcher: cues, negations and guards. None of
# these is a finding by itself.
#
# cue: ties a nearby weak term (within 8 words) to the patient -
#   "diagnosed with", "your results", "came back", "positive for",
#   "prescribed", "your dose", "refill", "twice a day", "how is your".
#   Result words after a named test ("your strep test was positive") and
#   values after a lab name ("A1C 7.2") are found by the value scanner in
#   scan_id.c; here they are cues for weak terms.
#   Everyday words are deliberately not cues, although they often go with
#   care: bare "take"/"taking" ("take a seat", "we are taking new
#   patients"), bare "symptoms" ("if you have symptoms of COVID, call before
#   you come"), bare "treatment" ("treatment room"), "your medications"
#   ("bring your medications and a list of allergies"), "follow-up" and
#   "checkup" (generic visit types). The specific forms are listed instead
#   ("your symptoms", "take your", "keep taking", "treatment for").
# negation: changes the wording of a finding that follows it (within five
#   words in the same sentence); it never clears a flag.
# guard: a phrase whose clinical-looking words are not about the patient;
#   it cancels every finding that lies wholly inside it (a longer term
#   that reaches past the guard survives).
#   Place senses ("x-ray department", "lab hours", "allergy season", "flu
#   season", "infusion center lobby") are handled by the matcher's location
#   rule and need no guard. Generic visit types ("annual physical", "well
#   child visit", "telehealth visit") are listed as guards too, so that a
#   word inside them never counts.

@lang en
@source Curtain project, hand-curated (2026-11-23: English context phrases for clinic texting)
@licence same as Curtain

# ------------------------------------------------------------ diagnosis cues
@reason cue
diagnosed | noinfl
diagnosed with | noinfl
was diagnosed | noinfl
been diagnosed | noinfl
your diagnosis | noinfl
the diagnosis | noinfl
a diagnosis of | noinfl
diagnosis of | noinfl
new diagnosis | noinfl
history of | noinfl
hx of | noinfl
treated for | noinfl
being treated | noinfl
treatment for | noinfl
treatment of | noinfl
your treatment | noinfl
treatment plan | noinfl
suffering from | noinfl
suffers from | noinfl
dealing with | noinfl
struggling with | noinfl
recovering from | noinfl
your recovery | noinfl
your symptoms | noinfl
his symptoms | noinfl
her symptoms | noinfl
their symptoms | noinfl
symptoms of your | noinfl
symptoms started | noinfl
symptoms have | noinfl
symptoms are | noinfl
still having | noinfl
still has | noinfl
still hurts | noinfl
still hurting | noinfl
still sick | noinfl
how is your | noinfl
how's your | noinfl
how are your | noinfl
how is his | noinfl
how is her | noinfl
how are you feeling | noinfl
feeling better | noinfl
feel better | noinfl
get well soon | noinfl
hope you're feeling better | noinfl
any better | noinfl
getting worse | noinfl
gotten worse | noinfl
got worse | noinfl
worsening | noinfl
if it gets worse | noinfl
if symptoms worsen | noinfl
flare | noinfl
flares | noinfl
flare-up | noinfl
flare-ups | noinfl
flaring | noinfl
complication from | noinfl
your condition | noinfl
chronic | noinfl
acute | noinfl
bout of | noinfl
episode of | noinfl
allergic to | noinfl
reaction to | noinfl
exposed to | noinfl
exposure to | noinfl
infected | noinfl
contagious | noinfl
came down with | noinfl
coming down with | noinfl
has a | noinfl # "Emma has a fever"
has the | noinfl
had a | noinfl
sick with | noinfl
out sick | noinfl
home sick | noinfl
keep him home | noinfl
keep her home | noinfl
keep them home | noinfl
the nurse said | noinfl
the doctor said | noinfl
dr. said | noinfl
per the doctor | noinfl
per dr. | noinfl
referred to | noinfl
referral to | noinfl
referral for | noinfl
referred you | noinfl
consult for | noinfl
evaluation for | noinfl
eval for | noinfl
seen for | noinfl
visit for | noinfl # "your visit for knee pain"
appointment for your | noinfl
follow up on your | noinfl
follow-up on your | noinfl
follow up for | noinfl
follow-up for | noinfl
check on your | noinfl
checking on your | noinfl
checking in on your | noinfl
monitor your | noinfl
monitoring your | noinfl
recheck | noinfl
re-check | noinfl
rechecked | noinfl

# ------------------------------------------------------------ body parts
# A weak symptom next to a part of the body is about this patient: "the rash
# on your arms", "a shot in the left knee", "swelling in the ankle". Only
# parts with no common everyday sense (no "back", "hand", "eye", "foot").
arm
forearm
leg
knee
ankle
wrist
elbow
shoulder
hip
neck
chest
abdomen
belly
stomach
throat
ear
skin
scalp
toe
toenail
fingernail
thigh
groin
rib
jaw
gums
tonsil
sinus
bladder
kidney
liver
lung

# ------------------------------------------------------------ result cues
your results | noinfl
his results | noinfl
her results | noinfl
their results | noinfl
your result | noinfl
test results | noinfl
lab results | noinfl
results came back | noinfl
results are in | noinfl
results are back | noinfl
results show | noinfl
results showed | noinfl
result was | noinfl
results were | noinfl
came back | noinfl
came back positive | noinfl
came back normal | noinfl
came back abnormal | noinfl
came back high | noinfl
came back low | noinfl
came back elevated | noinfl
came back clear | noinfl
tested positive | noinfl
test positive | noinfl
test negative | noinfl
positive for | noinfl
positive result | noinfl
negative result | noinfl
positive test | noinfl
abnormal | noinfl
elevated | noinfl
borderline | noinfl
out of range | noinfl
in range | noinfl
normal range | noinfl
within normal limits | noinfl
is high | noinfl
was high | noinfl
is low | noinfl
was low | noinfl
too high | noinfl
too low | noinfl
a little high | noinfl
a little low | noinfl
slightly high | noinfl
slightly low | noinfl
your level | noinfl
your levels | noinfl
your numbers | noinfl
showed | noinfl
detected | noinfl
reviewed your | noinfl
the doctor reviewed | noinfl
dr. reviewed | noinfl
findings | noinfl
pathology | noinfl # "the pathology came back"
culture grew | noinfl
grew out | noinfl

# ------------------------------------------------------------ medication cues
prescribed | noinfl
prescribe | noinfl
prescribing | noinfl
prescription for | noinfl
your prescription | noinfl
new prescription | noinfl
rx | noinfl # a cue, not a finding, so the short-term rule does not apply
rx for | noinfl
refill | noinfl
refills | noinfl
refilled | noinfl
refill of | noinfl
refill request | noinfl
your refill | noinfl
refill your | noinfl
sent to your pharmacy | noinfl
sent to the pharmacy | noinfl
sent it to | noinfl
called in | noinfl
called it in | noinfl
e-prescribed | noinfl
your pharmacy | noinfl
ready for pickup | noinfl
prior authorization | noinfl
prior auth | noinfl
dose | noinfl
doses | noinfl
dosage | noinfl
your dose | noinfl
the dose | noinfl
increase your | noinfl
decrease your | noinfl
increase the dose | noinfl
lower the dose | noinfl
taper | noinfl
tapering | noinfl
wean | noinfl
weaning | noinfl
take your | noinfl
taking your | noinfl
keep taking | noinfl
stop taking | noinfl
start taking | noinfl
continue taking | noinfl
continue your | noinfl
started on | noinfl
start on | noinfl
switch to | noinfl
switched to | noinfl
switching to | noinfl
missed dose | noinfl
milligrams | noinfl
mg | noinfl # a cue, not a finding, so the short-term rule does not apply
mcg | noinfl
tablet | noinfl
tablets | noinfl
capsule | noinfl
capsules | noinfl
pill | noinfl
pills | noinfl
puffs | noinfl
inject | noinfl
once a day | noinfl
once daily | noinfl
twice a day | noinfl
twice daily | noinfl
three times a day | noinfl
four times a day | noinfl
every 4 hours | noinfl
every 6 hours | noinfl
every 8 hours | noinfl
every 12 hours | noinfl
every four hours | noinfl
every six hours | noinfl
every eight hours | noinfl
every twelve hours | noinfl
as needed | noinfl
at bedtime | noinfl
with food | noinfl
on an empty stomach | noinfl
side effect | noinfl
side effects | noinfl

# ------------------------------------------------------------ procedure and test cues
your procedure | noinfl
the procedure | noinfl
your surgery | noinfl
after surgery | noinfl
before surgery | noinfl
prep for | noinfl
prep instructions | noinfl
prep for your | noinfl
instructions for your | noinfl
aftercare instructions | noinfl
post-op instructions | noinfl
pre-op instructions | noinfl
fasting | noinfl
fast for | noinfl
nothing to eat or drink | noinfl
nothing by mouth | noinfl
npo | noinfl
do not eat | noinfl
don't eat | noinfl
after midnight | noinfl
the doctor ordered | noinfl
scheduled for your | noinfl
your scan | noinfl
your test | noinfl
your labs | noinfl
your lab | noinfl
your bloodwork | noinfl
your x-ray | noinfl
your imaging | noinfl
your biopsy | noinfl
your culture | noinfl
your swab | noinfl
your shot | noinfl
your injection | noinfl
your infusion | noinfl
your cast | noinfl
your stitches | noinfl
your filling | noinfl
your crown | noinfl
your implant | noinfl
your braces | noinfl
your therapy | noinfl
your therapist | noinfl
your counselor | noinfl
swabbed | noinfl
healing | noinfl
recovering | noinfl
sore | noinfl
swollen | noinfl
painful | noinfl
tender | noinfl
itchy | noinfl
numb | noinfl

caught a | noinfl # "caught a cold"
caught the | noinfl
a case of | noinfl
is improving | noinfl
are improving | noinfl
levels are | noinfl
levels were | noinfl
level is | noinfl
level was | noinfl
tested positive for | noinfl
dr. ordered | noinfl
was ordered | noinfl
has been ordered | noinfl
apply the cream | noinfl
apply the ointment | noinfl

# ------------------------------------------------------------ negation
@reason negation
no # two letters, but not a finding: no `case`, so "No" and "NO" match too
not
none
never
without
negative
negative for
tested negative
came back negative
ruled out
rule out
rules out
ruling out
no signs of
no sign of
no evidence of
no indication of
no trace of
no longer
denies
denied
free of
clear of
cleared
resolved
not detected
undetectable
non-reactive
nonreactive
did not show
didn't show
does not show
doesn't show
did not find
didn't find
does not have
doesn't have
do not have
don't have
did not have
didn't have
absence of
unremarkable

# ------------------------------------------------------------ guards
@reason guard
# Routine vaccine notices: the disease name is not the patient's diagnosis.
# (noinfl where the generator would pluralise the wrong word.)
flu shot
flu shots | noinfl
flu vaccine
flu vaccines | noinfl
flu vaccination
flu vaccinations | noinfl
flu clinic
flu shot clinic
flu jab
high-dose flu vaccine
high-dose flu shot
annual flu shot
annual flu vaccine
flu and covid vaccine
flu and covid vaccines | noinfl
flu and covid shots | noinfl
covid and flu vaccine
covid and flu vaccines | noinfl
covid and flu shots | noinfl
covid vaccine
covid vaccines | noinfl
covid-19 vaccine
covid-19 vaccines | noinfl
covid shot
covid shots | noinfl
covid booster
covid boosters | noinfl
covid-19 booster
covid vaccination
covid-19 vaccination
updated covid vaccine
rsv vaccine
rsv vaccines | noinfl
rsv shot
pneumonia vaccine
pneumonia shot
pneumococcal vaccine
shingles vaccine
shingles shot
shingles vaccination
measles vaccine
mmr vaccine
chickenpox vaccine
chicken pox vaccine
varicella vaccine
whooping cough vaccine
tetanus shot
tetanus vaccine
tetanus booster
hepatitis a vaccine
hep a vaccine
meningitis vaccine
polio vaccine
rotavirus vaccine
# Generic public-health and screening notices.
flu prevention
prevent the flu
prevent flu
protect against the flu
protect yourself from the flu
avoid the flu
fight the flu
beat the flu
cold and flu season
if you have flu-like symptoms | noinfl
if you have flu symptoms | noinfl
if you have covid symptoms | noinfl
if you have symptoms of covid | noinfl
symptoms of covid or flu | noinfl
covid or flu symptoms | noinfl
flu or covid symptoms | noinfl
if you have a fever | noinfl
if you have fever | noinfl
if you have a cough | noinfl
fever or cough | noinfl
cough or fever | noinfl
fever or other symptoms | noinfl
cough or shortness of breath | noinfl
fever or chills | noinfl
if you are feeling sick | noinfl
covid precautions | noinfl
covid-19 precautions | noinfl
covid protocols | noinfl
covid-19 protocols | noinfl
covid safety
covid-19 safety
covid policy
covid-19 policy
covid guidelines | noinfl
covid-19 guidelines | noinfl
covid screening
covid-19 screening
covid screening questions | noinfl
screening questions | noinfl
covid-19 pandemic
covid pandemic
during covid | noinfl
since covid | noinfl
covid restrictions | noinfl
covid update
covid-19 update
covid testing available | noinfl
covid tests available | noinfl
free covid test
free covid tests | noinfl
at-home covid test
at-home covid tests | noinfl
covid test kits | noinfl
flu outbreak
measles outbreak
covid outbreak
diabetes awareness month | noinfl
american diabetes association | noinfl
arthritis foundation | noinfl
# Generic visit types and routine care: must pass untouched.
annual checkup
annual check-up
annual physical
annual physical exam
physical exam
annual exam
annual visit
wellness visit
annual wellness visit
medicare wellness visit
wellness exam
well visit
well-child visit
well child visit
well child check
well-child check
well baby visit
well-baby visit
well-woman exam
well woman exam
well-woman visit
sports physical
school physical
camp physical
dot physical
new patient visit
new patient appointment
sick visit
follow-up visit
follow-up appointment
follow up appointment
follow up visit
telehealth visit
telehealth appointment
telemedicine visit
video visit
virtual visit
phone visit
routine cleaning
dental cleaning
teeth cleaning
cleaning and exam
checkup and cleaning
routine eye exam
annual eye exam
eye exam
vision exam
contact lens exam
routine exam
lab appointment
lab draw appointment
hearing screening | noinfl
vision screening | noinfl
developmental screening
well-child screening
# Intake instructions: "bring a list of your allergies and medications".
list of your allergies | noinfl
list of allergies | noinfl
allergies and medications | noinfl
allergies and current medications | noinfl
medications and allergies | noinfl
medication and allergy list
allergy list
# Practice and department names whose words are not the patient's care.
surgery center
surgical center
ambulatory surgery center
outpatient surgery center
surgical associates | noinfl
oral surgery associates | noinfl
allergy and asthma center
allergy & asthma center
allergy and asthma associates | noinfl
allergy & asthma associates | noinfl
allergy and asthma clinic
asthma and allergy center
imaging center
radiology department
urgent care
# Everyday senses of weak words.
test message
test text
this is a test | noinfl
just a test | noinfl
testing our | noinfl
testing the | noinfl
test of our | noinfl
test of the | noinfl
speed test
taste test
test drive
put to the test | noinfl
stay positive | noinfl
positive review
positive reviews | noinfl
positive update
positive feedback | noinfl
positive experience
positive attitude | noinfl
think positive | noinfl
shot of espresso | noinfl
espresso shot
photo shot
head shot
best shot | noinfl
long shot | noinfl
give it a shot | noinfl
give us a shot | noinfl
big shot
mug shot
screen shot
parting shot | noinfl
call the shots | noinfl
shot glass
cold weather | noinfl
cold front
cold snap
cold outside | noinfl
cold temperatures | noinfl
extreme cold | noinfl
cold drink
cold water | noinfl
cold brew | noinfl
cold call
cold calls | noinfl
cold feet | noinfl
cold storage | noinfl
cold case
out in the cold | noinfl
fever pitch | noinfl
cabin fever | noinfl
spring fever | noinfl
pain in the neck | noinfl
pain in the | noinfl
pain point
growing pain
no pain no gain | noinfl
save you the headache | noinfl
save yourself the headache | noinfl
avoid the headache | noinfl
take the headache out of | noinfl
hours of operation | noinfl
back in operation | noinfl
in operation | noinfl
business operations | noinfl
check-in procedure
cancellation procedure
safety procedures | noinfl
filling out | noinfl
filling in | noinfl
filling the form | noinfl
filling forms | noinfl
deep cleaning of | noinfl
office deep cleaning
crown molding
triple crown
cast your vote | noinfl
cast iron | noinfl
bridge loan
company culture
our culture | noinfl
culture of | noinfl
pop culture | noinfl
solar panel
control panel
patient panel
provider panel
panel discussion
panel of | noinfl
movie screening
film screening
scan the qr code | noinfl
scan the code | noinfl
scan this code | noinfl
scan the barcode | noinfl
scan your insurance card | noinfl
scan your card | noinfl
scan and upload | noinfl
qr code scan
injection molding
fuel injection
stroke of luck | noinfl
stroke of genius | noinfl
brush stroke
at the stroke of | noinfl
financial strain | noinfl
strain on | noinfl
sugar-free | noinfl
sugar free | noinfl
no sugar added | noinfl
brown sugar | noinfl
sugar cookie
blood drive
donate platelets | noinfl
diagnosis code
lab coat
lab entrance
lab hours | noinfl
x-ray department
allergy season
pollen season
flu season
tick season
hay fever season
weight loss challenge
lose weight | noinfl
healthy weight | noinfl
weight room
free weights | noinfl
high temperatures | noinfl
temperature check
room temperature | noinfl
