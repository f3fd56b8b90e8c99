# English names of tests, imaging and lab measurements for the "too
# detailed for SMS" detector.
#
# @reason test: named tests and studies ("lipid panel", "strep test",
#   "colonoscopy", "MRI"). A test tied to the patient discloses care; the
#   value scanner also reports result words that follow a test in the same
#   sentence ("your strep test was positive").
# @reason lab: lab analytes and measurements ("A1C", "potassium", "blood
#   pressure", "pulse ox"). They are reported as tests, and they make a
#   number right after them a lab value ("A1C 7.2%", "BP 168/102").
#
# `weak` marks generic words ("test", "labs", "scan", "screening",
# "panel", "culture") and nutrients or vital signs that appear in diet tips
# and health-fair notices ("foods rich in potassium", "free blood pressure
# checks"). A weak lab word still turns a number next to it into a lab value,
# and that value then makes it count ("potassium 3.1").
#
# Tests whose name reveals a sensitive service (HIV test, STD panel,
# pregnancy test, genetic testing, BRCA) are in en-sensitive.lex with the
# sensitive reason, and are deliberately not repeated here: the longer
# match would otherwise report them as a plain test. Older test names also
# come from WordNet (en-wordnet.lex).

@lang en
@source Curtain project, hand-curated (2026-11-23: names of outpatient tests, imaging studies and lab measurements)
@licence same as Curtain

@reason test

# ------------------------------------------------------------ generic test words
test | weak
tests | weak noinfl
testing | weak
lab | weak
labs | weak noinfl
lab work | weak
labwork | weak
lab test | weak
lab tests | weak noinfl
blood test | weak # "blood tests available Saturdays"
blood tests | weak noinfl
bloodwork | weak
blood work | weak
blood draw | weak
scan | weak
screening | weak
screening test | weak
panel | weak
culture | weak
swab | weak
sample | weak
specimen | weak
imaging | weak
study | weak
biopsy results | noinfl
imaging results | noinfl
scan results | noinfl
x-ray results | noinfl
mri results | noinfl
pathology report
path report
radiology report
diagnostic test | weak

# ------------------------------------------------------------ blood and urine panels
lipid panel
lipid profile
cholesterol panel
cholesterol test
cholesterol check | weak # health-fair "cholesterol checks"
cbc
complete blood count
cbc with diff
cbc with differential
cmp
comprehensive metabolic panel
bmp
basic metabolic panel
metabolic panel
chem panel
chemistry panel
thyroid panel
thyroid test
thyroid function test
liver panel
liver function test
liver function tests | noinfl
lfts | noinfl
lft
hepatic panel
kidney function test
renal panel
a1c test
hemoglobin a1c test
diabetes test
blood sugar test
glucose test
fasting blood sugar
fasting glucose
fasting labs | noinfl
fasting lab work
fasting bloodwork
fingerstick
finger stick
glucose tolerance test
oral glucose tolerance test
gtt
one-hour glucose test
three-hour glucose test
iron panel
iron studies | noinfl
anemia panel
coagulation panel
coag panel
pt/inr
vitamin d test
b12 test
hormone panel
hormone test
testosterone test
allergy panel
food allergy panel
celiac panel
celiac test
lyme test
lyme titer
titer
titers | noinfl
antibody test
antibody titer
blood culture
blood cultures | noinfl
urinalysis
urine test
urine sample
urine specimen
urine culture
clean catch
urine dipstick
24-hour urine
stool sample
stool test
stool culture
stool study
ova and parasites | noinfl
fecal occult blood test
fobt
fit test | weak # also a respirator fit test at work
fecal immunochemical test
cologuard
stool dna test
h. pylori test
h pylori breath test
breath test | weak
drug screen
drug test
urine drug screen
urine drug test
dot drug test
tb test
tb skin test
ppd
ppd test
quantiferon
t-spot
tuberculin test
lead test
lead screening | weak
newborn screening | weak
sweat test
arterial blood gas
abg

# ------------------------------------------------------------ infection tests
strep test
rapid strep
rapid strep test
throat culture
throat swab
rapid test | weak # "rapid test kits"
rapid antigen test
antigen test
pcr test
pcr
covid test
covid-19 test
covid pcr
covid swab
flu test
flu swab
rapid flu test
rsv test
mono test
monospot
wound culture
sputum culture
ear culture
nasal swab
nasopharyngeal swab
uti test
urine culture and sensitivity
culture and sensitivity

# ------------------------------------------------------------ heart and lungs
ekg
ecg
electrocardiogram
echocardiogram
echo | weak # an everyday word
cardiac echo
stress test
nuclear stress test
stress echo
treadmill test
exercise stress test
holter monitor
holter
event monitor
zio patch
heart monitor
cardiac monitor
coronary calcium score
calcium score
ct angiogram
carotid ultrasound
carotid doppler
vascular study
abi test
ankle-brachial index
spirometry
pulmonary function test
pulmonary function tests | noinfl
pft
pfts | noinfl
lung function test
breathing test | weak
peak flow
methacholine challenge
six-minute walk test
overnight oximetry
sleep study
home sleep test
home sleep study
polysomnography
polysomnogram

# ------------------------------------------------------------ imaging
x-ray
xray
x-rays | noinfl
chest x-ray
knee x-ray
hand x-ray
foot x-ray
ankle x-ray
wrist x-ray
spine x-ray
dental x-rays | noinfl
bitewing x-rays | noinfl
bitewings | noinfl
panoramic x-ray
ct scan
CT | case weak # also Connecticut in addresses
catscan
cat scan
mri
mri scan
mra
pet scan
pet/ct
ultrasound
sonogram
abdominal ultrasound
pelvic ultrasound
renal ultrasound
kidney ultrasound
thyroid ultrasound
breast ultrasound
transvaginal ultrasound
doppler
venous doppler
doppler ultrasound
mammogram
mammography
3d mammogram
screening mammogram
diagnostic mammogram
breast mri
dexa
dexa scan
dxa scan
bone density test
bone density scan
bone scan
fluoroscopy
barium swallow
upper gi series
hida scan
nuclear scan
myelogram
arthrogram
angiogram
venogram
contrast dye | weak

# ------------------------------------------------------------ scopes and biopsies
colonoscopy
screening colonoscopy
endoscopy
upper endoscopy
egd
capsule endoscopy
sigmoidoscopy
bronchoscopy
cystoscopy
laryngoscopy
nasal endoscopy
biopsy
skin biopsy
punch biopsy
shave biopsy
needle biopsy
fine needle aspiration
fna
bone marrow biopsy
liver biopsy
kidney biopsy
thyroid biopsy
prostate biopsy
breast biopsy
lymph node biopsy
endometrial biopsy
cervical biopsy
colposcopy
pap smear
pap test
pap | weak # baby food, a name
lumbar puncture
spinal tap

# ------------------------------------------------------------ allergy, skin, nerve, brain
allergy testing
allergy test
allergy skin test
skin prick test
scratch test
patch test
patch testing
food allergy testing
food challenge
oral food challenge
eeg
emg
nerve conduction study
neuropsychological testing
neuropsych testing
cognitive testing
memory test

# ------------------------------------------------------------ eye and ear
visual field test
visual field
oct scan
retinal imaging
retinal photos | noinfl
dilated eye exam
dilation | weak
glaucoma test
glaucoma screening
eye pressure test
tonometry
vision test | weak
hearing test | weak
audiogram
audiology exam
tympanometry

# ------------------------------------------------------------ urology and women's health (not pregnancy)
urodynamics
urodynamic testing
psa test
prostate exam
pelvic exam | weak # part of a routine well-woman visit
breast exam | weak
clinical breast exam

# ------------------------------------------------------------ lab analytes and measurements
@reason lab
a1c
hemoglobin a1c
hba1c
hgb a1c
glycated hemoglobin
glucose | weak # "glucose tablets", diet tips
blood sugar | weak
blood glucose
fasting blood glucose
sugar level | weak
sugar levels | weak noinfl
blood sugar level
glucose level
cholesterol | weak # "heart-healthy tips to lower cholesterol"
total cholesterol
ldl
hdl
ldl cholesterol
hdl cholesterol
bad cholesterol
good cholesterol
cholesterol level
cholesterol levels | noinfl
triglycerides | noinfl
triglyceride
vldl
non-hdl
tsh
T4 | case
free t4
T3 | case
free t3
thyroid level
thyroid levels | noinfl
creatinine
egfr
gfr
kidney function
BUN | case # a bread roll
bun/creatinine ratio
potassium | weak # "foods rich in potassium"
sodium | weak # "low-sodium diet"
chloride | weak
bicarbonate | weak
co2 level
calcium | weak
magnesium | weak
phosphorus | weak
hemoglobin
hgb
hematocrit
hct
white blood cell count
white blood cells | noinfl
white count
wbc
red blood cell count
red blood cells | noinfl
rbc
platelets | weak noinfl # "donate platelets"
platelet count
inr
protime
prothrombin time
ptt
PSA | case weak # also "public service announcement"
psa level
vitamin d | weak
vitamin d level
vitamin d levels | noinfl
25-hydroxy vitamin d
ferritin
iron | weak
iron level
iron levels | noinfl
tibc
b12 | weak
vitamin b12 | weak
b12 level
folate
crp
c-reactive protein
sed rate
esr
ANA | case # "Ana" is a common first name
ana test
rheumatoid factor
anti-ccp
uric acid
ALT | case # "alt" key, alternative
AST | case weak # also Atlantic Standard Time
liver enzymes | noinfl
bilirubin
alkaline phosphatase
alk phos
albumin
total protein
lipase
amylase
troponin
bnp
nt-probnp
d-dimer
cortisol
prolactin
estradiol level
testosterone level
testosterone levels | noinfl
free testosterone
progesterone level
fsh
dhea
microalbumin
urine albumin
urine protein
protein in urine
protein in your urine
albumin-to-creatinine ratio
uacr
ketones | noinfl
urine ketones | noinfl
lead level
blood lead level
blood pressure | weak # "free blood pressure checks"
BP | case weak # also the oil company
bp reading
blood pressure reading
systolic
diastolic
pulse ox
pulse oximetry
oxygen saturation
oxygen level | weak
oxygen levels | weak noinfl
o2 sat
o2 sats | noinfl
spo2
heart rate
resting heart rate
temperature | weak
temp | weak
weight | weak
bmi
body mass index
eye pressure
intraocular pressure
iop
peak flow reading
fev1
bone density
t-score
z-score | weak
# Sensitive analytes: en-sensitive.lex lists them with the sensitive reason
# (which wins on the same span); the lab entry makes a number after them a
# lab value ("viral load 40").
viral load
cd4
cd4 count
hcg
amh
ca-125
