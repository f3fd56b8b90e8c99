# English names of procedures, surgeries, therapies and treatments for the
# "too detailed for SMS" detector, across dental, dermatology, orthopedics,
# gastroenterology, cardiology, general surgery, ENT, ophthalmology,
# urology, women's health (procedures that are not pregnancy, contraception
# or fertility care), rehabilitation and infusion care.
#
# Sensitive procedures (abortion, IUD insertion, vasectomy, IVF, mastectomy,
# chemotherapy, psychotherapy, detox) are in en-sensitive.lex. Older and rarer
# names also come from WordNet (en-wordnet.lex).
#
# `weak` marks generic words that also appear in ads, policies and forms
# ("procedure", "cast", "filling out forms", "braces for kids", "deep
# cleaning of our office", "we offer sedation"), and routine immunization
# words: a generic vaccine reminder is not a disclosure, so "shot",
# "vaccine", "immunizations" count only next to a cue. "Flu shot" and other
# generic vaccine phrases are guards in en-context.lex.
#
# Therapies that contain the word "therapy" (physical, speech, occupational,
# massage...) are listed so that the longer match wins over the bare
# "therapy" in en-sensitive.lex (a behavioural-health word).

@lang en
@source Curtain project, hand-curated (2026-11-23: names of outpatient and surgical procedures, therapies and treatments)
@licence same as Curtain

@reason procedure

# ------------------------------------------------------------ generic procedure words
procedure | weak # "our cancellation procedure"
procedures | weak noinfl
surgery
surgeries | noinfl
surgical | weak # "surgical masks"
surgical procedure
operation | weak # "hours of operation"
outpatient surgery
same-day surgery
minor surgery
major surgery
in-office procedure
pre-op
preop
pre-operative
preoperative
pre-op appointment
pre-op visit
pre-surgical
post-op
postop
post-operative
postoperative
post-op appointment
post-op visit
post-op check
post-surgical
surgical consult
surgery consult
surgical clearance
pre-op clearance
medical clearance | weak
anesthesia
anaesthesia
general anesthesia
local anesthesia
local anesthetic
iv sedation
conscious sedation
twilight sedation
sedation | weak # "sedation dentistry" ads
nitrous | weak
laughing gas
numbing | weak
recovery room | weak
stitches | noinfl
stitch removal
suture removal
sutures | noinfl
suture
staples | weak noinfl # office supplies
staple removal
cast | weak # a cast of characters
cast removal
casting | weak
splint | weak
splinting | weak
walking boot | weak
crutches | weak noinfl
sling | weak
wound care
wound check
dressing change
bandage change
drain removal
catheter
foley catheter
catheter removal
incision | weak
incision and drainage
I&D | case
drainage | weak
cauterization
cautery
laser treatment | weak
laser therapy | weak
iv fluids | noinfl
iv hydration | weak # hydration-spa ads
iv therapy | weak
infusion | weak # "infused water"; "infusion center" is a place
infusions | weak noinfl
iv infusion
infusion therapy
transfusion
blood transfusion
injection | weak
injections | weak noinfl
shot | weak # "best shot", "photo shot"
shots | weak noinfl
vaccine | weak
vaccines | weak noinfl
vaccination | weak
vaccinations | weak noinfl
immunization | weak
immunizations | weak noinfl
booster | weak
jab | weak
hospitalization | weak
hospitalized | weak noinfl
admitted to the hospital | weak noinfl
hospital stay | weak
inpatient stay | weak
icu stay
intensive care
er visit | weak
emergency room visit | weak
ambulance ride | weak

# ------------------------------------------------------------ injections and pain procedures
cortisone shot
cortisone injection
steroid shot
steroid injection
kenalog shot
kenalog injection
joint injection
knee injection
shoulder injection
hip injection
gel injection
gel shot
hyaluronic acid injection
synvisc
prp injection
prp
platelet-rich plasma
trigger point injection
trigger point injections | noinfl
epidural
epidural steroid injection
epidural injection
nerve block
facet injection
radiofrequency ablation
spinal cord stimulator
botox injection
botox injections | noinfl
b12 injections | noinfl
toradol shot
rocephin injection
antibiotic shot
antibiotic injection
allergy shot
allergy shots | noinfl
allergy injections | noinfl
allergy immunotherapy
immunotherapy | weak # allergy and cancer immunotherapy
sublingual immunotherapy
iron infusion
remicade infusion
infusion appointment

# ------------------------------------------------------------ rehabilitation and therapies (not behavioural)
physical therapy
physiotherapy
physical therapist
pt evaluation
pt session
pt appointment
physical therapy evaluation
physical therapy session
physical therapy sessions | noinfl
physical therapy appointment
physical therapy visit
pt visit
occupational therapy session
occupational therapy appointment
speech therapy session
speech therapy appointment
feeding therapy session
massage therapy session | weak
occupational therapy
occupational therapist
speech therapy
speech therapist
speech-language therapy
feeding therapy
vision therapy
vestibular therapy
vestibular rehab
pelvic floor therapy
pelvic floor physical therapy
hand therapy
aquatic therapy
massage therapy | weak # spa ads
massage therapist | weak
respiratory therapy
respiratory therapist
oxygen therapy
home oxygen
cpap
bipap
cpap machine
light therapy | weak
cold therapy | weak
heat therapy | weak
hormone replacement therapy
testosterone replacement therapy
trt
cardiac rehab
cardiac rehabilitation
pulmonary rehab
pulmonary rehabilitation
rehab | weak # also "rehab" for addiction (en-sensitive.lex): cue-dependent
rehabilitation | weak
chiropractic adjustment
spinal adjustment
spinal manipulation
acupuncture
dry needling
dialysis
hemodialysis
peritoneal dialysis
home health | weak
wound vac

# ------------------------------------------------------------ dental
filling | weak # "filling out forms"
fillings | noinfl
tooth filling
cavity filling
composite filling
amalgam filling
temporary filling
root canal
root canal therapy
root canal treatment
root canals | noinfl
crown | weak # a name, a trophy
dental crown
temporary crown
permanent crown
crown prep
crown seat
crown lengthening
bridge | weak
dental bridge
extraction
tooth extraction
extractions | noinfl
simple extraction
surgical extraction
wisdom teeth removal
wisdom tooth removal
wisdom teeth extraction
wisdom tooth extraction
wisdom teeth surgery
wisdom teeth | weak noinfl
wisdom tooth | weak
pulled tooth
tooth pulled
braces | weak noinfl # "braces for kids" ads
orthodontic treatment
invisalign | weak # orthodontic ads
clear aligners | weak noinfl
aligners | weak noinfl
retainer | weak
palate expander
expander | weak
implant | weak
implants | weak noinfl
dental implant
dental implants | noinfl
implant crown
implant surgery
implant consult
bone graft
gum graft
sinus lift
deep cleaning | weak # "deep cleaning of our office"
scaling and root planing
scaling | weak
root planing
srp
periodontal maintenance
perio maintenance
periodontal treatment
gum surgery
gingivectomy
frenectomy
tongue-tie release
pulpotomy
pulpectomy
apicoectomy
space maintainer
stainless steel crown
veneers | noinfl
veneer
dental bonding
tooth bonding
teeth whitening | weak
whitening | weak
sealants | weak noinfl # routine preventive care for children
fluoride treatment | weak
fluoride varnish | weak
night guard | weak
mouth guard | weak
occlusal guard
bite adjustment
occlusal adjustment
denture
dentures | noinfl
partial denture
partials | weak noinfl
denture reline
core buildup
post and core | noinfl
oral surgery | weak # practice names
oral surgeon | weak
dental surgery
sedation dentistry | weak

# ------------------------------------------------------------ dermatology and cosmetic
mole removal
mole check | weak
skin check | weak
full body skin exam | weak
skin exam | weak
excision
lesion removal
wart removal
skin tag removal
cyst removal
lipoma removal
mohs surgery
mohs
cryotherapy
liquid nitrogen | weak
freezing a wart
electrodesiccation
curettage
chemical peel | weak
microneedling | weak
laser hair removal | weak
laser resurfacing | weak
dermal filler | weak
fillers | weak noinfl
kybella
coolsculpting | weak
phototherapy
uvb therapy
narrowband uvb
blue light therapy
scar revision
keloid injection

# ------------------------------------------------------------ orthopedics and spine
knee replacement
total knee replacement
partial knee replacement
hip replacement
total hip replacement
shoulder replacement
joint replacement
knee surgery
hip surgery
shoulder surgery
foot surgery
ankle surgery
hand surgery
wrist surgery
arthroscopy
knee arthroscopy
knee scope
shoulder scope
acl reconstruction
acl surgery
meniscus repair
meniscus surgery
rotator cuff repair
rotator cuff surgery
labral repair
carpal tunnel release
carpal tunnel surgery
trigger finger release
spinal fusion
back surgery
spine surgery
neck surgery
laminectomy
discectomy
microdiscectomy
kyphoplasty
bunionectomy
bunion surgery
hammertoe surgery
fracture repair
orif
setting the bone
bone setting
closed reduction
hardware removal
amputation
tendon repair
achilles repair

# ------------------------------------------------------------ gastrointestinal and general surgery
colonoscopy
endoscopy
polypectomy
polyp removal
ercp
hemorrhoid banding
banding | weak
hemorrhoidectomy
appendectomy
gallbladder removal
gallbladder surgery
cholecystectomy
hernia repair
hernia surgery
bariatric surgery
gastric bypass
gastric sleeve
sleeve gastrectomy
lap band
weight loss surgery
paracentesis
colectomy
bowel resection
colostomy
ileostomy
ostomy
feeding tube
g-tube
peg tube
ng tube

# ------------------------------------------------------------ heart and vessels
cardiac catheterization
heart cath
cardiac cath
heart catheterization
cath lab | weak # a place
stent
stents | noinfl
stent placement
angioplasty
ablation
cardiac ablation
pacemaker
pacemaker check
pacemaker interrogation
defibrillator | weak # AED notices
implanted defibrillator
cardioversion
bypass surgery
heart bypass
triple bypass
cabg
valve replacement
valve repair
tavr
watchman | weak # an everyday word
loop recorder
heart surgery
open heart surgery
vein ablation
sclerotherapy
varicose vein treatment
carotid endarterectomy
dialysis access
fistula surgery
port placement
picc line
central line

# ------------------------------------------------------------ ear, nose and throat
tonsillectomy
tonsils out | noinfl
adenoidectomy
ear tubes | noinfl
tubes in ears | noinfl
tubes in his ears | noinfl
tubes in her ears | noinfl
ear tube surgery
pe tubes | noinfl
myringotomy
sinus surgery
septoplasty
balloon sinuplasty
turbinate reduction
earwax removal
ear wax removal
cerumen removal
ear irrigation
ear cleaning | weak
ear lavage
nasal cautery
nasal packing
tympanoplasty
thyroidectomy
tracheostomy
intubation
ventilator

# ------------------------------------------------------------ eye
cataract surgery
cataract removal
lasik
prk
smile eye surgery
laser eye surgery
eye surgery
retina surgery
retinal surgery
vitrectomy
intravitreal injection
eye injection
eye injections | noinfl
yag laser
yag capsulotomy
laser capsulotomy
glaucoma surgery
slt laser
trabeculectomy
eyelid surgery
blepharoplasty
corneal transplant
punctal plugs | noinfl
dilated | weak
eye dilation

# ------------------------------------------------------------ urology and women's health (not pregnancy or contraception)
cystoscopy
lithotripsy
kidney stone removal
ureteral stent
prostate surgery
turp
circumcision
newborn circumcision
leep
leep procedure
cone biopsy
endometrial ablation
hysteroscopy
hysterectomy
partial hysterectomy
myomectomy
ovarian cyst removal
pessary fitting
bladder sling
breast reduction
breast augmentation
breast lift
breast implants | noinfl
tummy tuck
liposuction
rhinoplasty
nose job
facelift
plastic surgery
cosmetic surgery
reconstructive surgery
skin graft
debridement
wound debridement
