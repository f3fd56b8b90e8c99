# English names of conditions, diagnoses, injuries and symptoms for the
# "too detailed for SMS" detector, across primary care, pediatrics, urgent
# care, dental, dermatology, orthopedics and sports medicine, cardiology,
# endocrinology, gastroenterology, pulmonology, infectious disease, eye,
# ENT, neurology, rheumatology, urology and allergy. Lay and abbreviated
# forms are listed next to the clinical names ("a-fib", "high cholesterol",
# "sugar diabetes", "pink eye"). Hyphenated terms also match with a space
# or joined ("a-fib", "a fib", "afib"); possessives also match without the
# apostrophe ("crohn's", "crohns").
#
# Sensitive conditions (HIV/STI, mental health, substance use, pregnancy,
# cancer) are in en-sensitive.lex. Many rarer conditions come from WordNet
# (en-wordnet.lex); a term listed here wins over the WordNet entry.
#
# `weak` marks symptoms and everyday words that also appear in generic
# notices ("if you have a fever or cough, please call before coming in",
# "tips to avoid back pain", "tick season"): they count only next to a cue
# ("diagnosed with", "your symptoms", "came back"), after a possessive
# ("your rash", "Emma's fever"), or when something else in the text is a
# finding. Named diagnoses are strong.
#
# `case` marks abbreviations whose lower case is a word or a name (CAD,
# PAD, POTS, GERD, URI, OSA, RA, MS).

@lang en
@source Curtain project, hand-curated (2026-11-23: lay and clinical names of common outpatient conditions, injuries and symptoms)
@licence same as Curtain

@reason condition

# ------------------------------------------------------------ cardiovascular
hypertension
high blood pressure
elevated blood pressure
high bp
htn
hypertensive
low blood pressure
hypotension
high cholesterol
cholesterol problem
hyperlipidemia
hypercholesterolemia
dyslipidemia
high triglycerides
heart disease
heart condition
heart problem
coronary artery disease
CAD | case # "cad" is a word
heart attack
myocardial infarction
heart failure
congestive heart failure
chf
afib
a-fib
atrial fibrillation
atrial flutter
arrhythmia
irregular heartbeat
irregular heart rhythm
irregular heart beat
heart palpitations
palpitations | noinfl
tachycardia
bradycardia
svt
heart murmur
mitral valve prolapse
aortic stenosis
valve disease
leaky valve
cardiomyopathy
enlarged heart
angina
chest pain | weak # "if you have chest pain, call 911" notices
chest tightness | weak
peripheral artery disease
peripheral vascular disease
PAD | case # "pad" is a word
pvd
varicose veins | noinfl
spider veins | noinfl
aneurysm
aortic aneurysm
blood clot
blood clots | noinfl
dvt
deep vein thrombosis
pulmonary embolism
clotting disorder
stroke
mini-stroke
mini stroke
cva
POTS | case # "pots" is a word
long qt
heart block

# ------------------------------------------------------------ endocrine and metabolic
diabetes
diabetic
type 1 diabetes
type 2 diabetes
type one diabetes
type two diabetes
t1d
t2d
dm2
diabetes type 2
diabetes type 1
prediabetes
pre-diabetes
prediabetic
pre-diabetic
borderline diabetes
sugar diabetes
high blood sugar
low blood sugar
hypoglycemia
hyperglycemia
sugar | weak # "your sugar was high": cue-dependent
sugars | weak noinfl
insulin resistance
metabolic syndrome
obesity
obese
morbid obesity
overweight | weak
hypothyroidism
hyperthyroidism
underactive thyroid
overactive thyroid
thyroid disease
thyroid problem
thyroid condition
thyroid nodule
hashimoto's
hashimoto's thyroiditis
graves' disease
graves disease
goiter
pcos
polycystic ovary syndrome
polycystic ovarian syndrome
low testosterone
Low T | case
hypogonadism
vitamin d deficiency
low vitamin d
b12 deficiency
low b12
iron deficiency
low iron
anemia
anaemia
anemic
iron-deficiency anemia
sickle cell
sickle cell disease
sickle cell anemia
sickle cell trait
thalassemia
hemophilia
adrenal insufficiency
addison's disease
cushing's syndrome
prolactinoma
pituitary tumor
hyperparathyroidism
osteoporosis
osteopenia
gout
gout flare
dehydration | weak
dehydrated | weak noinfl

# ------------------------------------------------------------ rheumatology and musculoskeletal disease
arthritis
osteoarthritis
rheumatoid arthritis
RA | case weak # also resident assistant; "her RA" counts
psoriatic arthritis
ankylosing spondylitis
lupus
sle
sjogren's
sjogren's syndrome
fibromyalgia
chronic fatigue syndrome
chronic pain | weak # pain-management ads
polymyalgia
polymyalgia rheumatica
scleroderma
vasculitis
raynaud's
raynaud's disease
ehlers-danlos syndrome
arthritis flare

# ------------------------------------------------------------ kidney and urology
chronic kidney disease
ckd
kidney disease
kidney failure
renal failure
kidney stone
kidney stones | noinfl
kidney infection
kidney cyst
pyelonephritis
uti
urinary tract infection
bladder infection
enlarged prostate
prostatitis
overactive bladder
urinary incontinence
incontinence
bladder leakage
leaking urine
blood in urine
blood in your urine
hematuria
interstitial cystitis
painful urination
burning urination
burning when urinating
frequent urination | weak
urinary retention
undescended testicle
testicular torsion
hydrocele
varicocele
phimosis
dialysis patient

# ------------------------------------------------------------ respiratory and allergy
asthma
asthmatic
asthma attack
asthma flare
asthma exacerbation
copd
emphysema
chronic bronchitis
bronchitis
bronchiolitis
pneumonia
walking pneumonia
rsv
croup
whooping cough
pertussis
tuberculosis
TB | case
latent tb
sinus infection
sinusitis
upper respiratory infection
URI | case # "Uri" is a name
respiratory infection
chest cold
head cold
common cold
cold symptoms | weak noinfl
flu # vaccine and season phrases are guards in en-context.lex
influenza
influenza a
influenza b
flu a
flu b
stomach flu
covid
covid-19
covid 19
covid positive
coronavirus | weak # notices about coronavirus precautions
long covid
pulmonary fibrosis
sleep apnea
obstructive sleep apnea
OSA | case # Spanish "osa"
shortness of breath | weak
difficulty breathing | weak
trouble breathing | weak
wheezing | weak
allergies | weak noinfl # "bring a list of your allergies": intake forms
seasonal allergies | noinfl
allergic rhinitis
food allergy
peanut allergy
nut allergy
tree nut allergy
shellfish allergy
egg allergy
milk allergy
penicillin allergy
sulfa allergy
drug allergy
latex allergy
bee sting allergy
anaphylaxis
anaphylactic reaction
allergic reaction
hives
eczema
atopic dermatitis
angioedema

# ------------------------------------------------------------ infections
strep
strep throat
group a strep
strep a
scarlet fever
ear infection
double ear infection
middle ear infection
outer ear infection
otitis media
otitis externa
swimmer's ear
pink eye
conjunctivitis
yeast infection
thrush
oral thrush
bacterial vaginosis
c. diff
c diff
c-diff
clostridium difficile
c. difficile
e. coli
e coli
e. coli infection
mrsa
staph infection
staph
impetigo
cellulitis
abscess
skin infection
infected cut
infected wound
lyme disease
lyme
tick bite | weak # tick-season advice
tick-borne illness
rocky mountain spotted fever
mono
mononucleosis
hand foot and mouth disease
hand foot and mouth
hfmd
fifth disease
roseola
chickenpox
chicken pox
shingles
measles
mumps
rubella
norovirus
rotavirus
stomach bug | weak # "a stomach bug is going around"
stomach virus
gastroenteritis
food poisoning
giardia
pinworms | noinfl
pinworm
lice | weak noinfl # school lice notices
head lice | weak noinfl
scabies
ringworm
athlete's foot
jock itch
fungal infection
nail fungus
toenail fungus
bacterial infection
viral infection
sepsis
meningitis
west nile virus
zika
dengue
malaria
mpox
monkeypox
bird flu
h1n1
h5n1
swine flu
rabies exposure
tetanus
whipworm
hookworm
valley fever
histoplasmosis
cold sore

# ------------------------------------------------------------ gastrointestinal and liver
acid reflux
reflux
GERD | case # "Gerd" is a name
gastroesophageal reflux disease
gastritis
stomach ulcer
peptic ulcer
ulcer
h. pylori
h pylori
helicobacter pylori
ibs
irritable bowel syndrome
ibd
inflammatory bowel disease
crohn's disease
crohn's
ulcerative colitis
colitis
celiac disease
celiac
gluten intolerance
lactose intolerance
diverticulitis
diverticulosis
hemorrhoids | noinfl
hemorrhoid
anal fissure
constipation
chronic constipation
diarrhea | weak
diarrhoea | weak
vomiting | weak
throwing up | weak noinfl
nausea and vomiting | weak noinfl
stomach pain | weak
abdominal pain | weak
belly pain | weak
stomach cramps | weak noinfl
bloating | weak
heartburn | weak # diet tips
indigestion | weak
blood in stool
blood in your stool
bloody stool
black stool
rectal bleeding
gi bleed
gallstones | noinfl
gallstone
gallbladder attack
gallbladder disease
cholecystitis
pancreatitis
appendicitis
hernia
hiatal hernia
inguinal hernia
umbilical hernia
colon polyp
colon polyps | noinfl
polyps | noinfl
barrett's esophagus
esophagitis
eosinophilic esophagitis
dysphagia
trouble swallowing
fatty liver
fatty liver disease
nafld
nash
liver disease
cirrhosis
elevated liver enzymes | noinfl
hepatitis
hepatitis a
hep a
jaundice

# ------------------------------------------------------------ neurology
migraine
migraines | noinfl
chronic migraine
migraine with aura
headache | weak
headaches | weak noinfl
tension headache
cluster headache
concussion
head injury
traumatic brain injury
tbi
seizure
seizures | noinfl
seizure disorder
epilepsy
epileptic
febrile seizure
neuropathy
peripheral neuropathy
diabetic neuropathy
nerve damage
nerve pain
multiple sclerosis
MS | case weak # also "Ms."/Mississippi; "her MS" counts
parkinson's
parkinson's disease
alzheimer's
alzheimer's disease
dementia
memory loss | weak
mild cognitive impairment
bell's palsy
carpal tunnel
carpal tunnel syndrome
sciatica
pinched nerve
trigeminal neuralgia
vertigo
bppv
dizziness | weak
dizzy spells | weak noinfl
lightheaded | weak noinfl
fainting | weak
syncope
passing out | weak noinfl
tremor
essential tremor
restless leg syndrome
restless legs syndrome
narcolepsy
insomnia
tourette's
tourette syndrome
cerebral palsy
lou gehrig's disease
brain bleed
brain aneurysm
numbness | weak
tingling | weak

# ------------------------------------------------------------ orthopedic and sports injuries
sprain
sprained ankle
ankle sprain
sprained wrist
wrist sprain
sprained knee
twisted ankle
rolled ankle
high ankle sprain
strain | weak
muscle strain
pulled muscle
hamstring strain
pulled hamstring
groin pull
groin strain
fracture
fractured
broken bone
broken arm
broken leg
broken wrist
broken ankle
broken foot
broken toe
broken finger
broken hand
broken nose
broken collarbone
broken rib
broken hip
hip fracture
hairline fracture
stress fracture
growth plate fracture
compression fracture
torn acl
acl tear
acl injury
acl
mcl tear
torn mcl
torn meniscus
meniscus tear
torn rotator cuff
rotator cuff tear
rotator cuff injury
labral tear
torn labrum
achilles tendonitis
achilles tear
ruptured achilles
torn ligament
ligament tear
torn tendon
tendonitis
tendinitis
bursitis
tennis elbow
golfer's elbow
plantar fasciitis
heel spur
bone spur
shin splints | noinfl
runner's knee
jumper's knee
patellar tendonitis
frozen shoulder
dislocated shoulder
shoulder dislocation
dislocated finger
dislocation
separated shoulder
whiplash
herniated disc
bulging disc
slipped disc
degenerative disc disease
spinal stenosis
scoliosis
back pain | weak
lower back pain | weak
low back pain | weak
neck pain | weak
knee pain | weak
hip pain | weak
shoulder pain | weak
joint pain | weak
foot pain | weak
wrist pain | weak
osgood-schlatter
osgood-schlatter disease
sever's disease
trigger finger
de quervain's
ganglion cyst
bunion
hammertoe
ingrown toenail
flat feet | noinfl
sports injury
work injury | weak # "work injury claims" paperwork
jammed finger
puncture wound
dog bite
animal bite
laceration
deep cut
burn injury
second-degree burn
splinter | weak
bruise
bruising | weak
black eye

# ------------------------------------------------------------ skin
acne
cystic acne
hormonal acne
rosacea
psoriasis
dermatitis
contact dermatitis
seborrheic dermatitis
skin rash
rash | weak
itchy rash
warts | noinfl
wart
plantar wart
molluscum
skin tag
skin tags | noinfl
mole | weak # the animal, a spy
suspicious mole
irregular mole
changing mole
actinic keratosis
seborrheic keratosis
precancerous spot
sun damage | weak
sunburn | weak
hair loss | weak # hair-restoration ads
alopecia
alopecia areata
vitiligo
melasma
hyperhidrosis
excessive sweating
cyst
sebaceous cyst
epidermoid cyst
ingrown hair
folliculitis
hidradenitis
hidradenitis suppurativa
dandruff
blister | weak
keloid
lipoma
diaper rash
cradle cap
birthmark | weak
hemangioma
itching | weak
skin condition

# ------------------------------------------------------------ eye
cataract
cataracts | noinfl
glaucoma
macular degeneration
wet macular degeneration
dry macular degeneration
diabetic retinopathy
retinopathy
retinal detachment
detached retina
retinal tear
dry eye
dry eyes | noinfl
dry eye disease
stye
sty
chalazion
floaters | weak noinfl
eye infection
corneal abrasion
scratched cornea
corneal ulcer
lazy eye
amblyopia
strabismus
crossed eyes | noinfl
nearsighted
nearsightedness
myopia
farsighted
farsightedness
hyperopia
astigmatism
presbyopia
blurry vision | weak
blurred vision | weak
vision loss
double vision
keratoconus
uveitis
iritis
blepharitis
optic neuritis
eye strain | weak
red eye | weak # also overnight flights

# ------------------------------------------------------------ ear, nose and throat
ear wax buildup
earwax buildup
impacted earwax
impacted ear wax
earwax blockage
tinnitus
ringing in the ears
ringing in your ears
hearing loss
sore throat | weak
tonsillitis
enlarged tonsils | noinfl
swollen tonsils | noinfl
laryngitis
nasal polyps | noinfl
deviated septum
nosebleed
nosebleeds | noinfl
ruptured eardrum
perforated eardrum
tmj
tmj disorder
tmd
meniere's disease
postnasal drip
post-nasal drip
snoring | weak
hoarseness | weak
runny nose | weak
stuffy nose | weak
nasal congestion | weak
congestion | weak
ear pain | weak
earache

# ------------------------------------------------------------ dental and oral
cavity
cavities | noinfl
tooth decay
decay | weak
gingivitis
gum disease
periodontitis
periodontal disease
tooth abscess
abscessed tooth
dental abscess
infected tooth
cracked tooth
broken tooth
chipped tooth
fractured tooth
toothache
tooth pain | weak
tooth sensitivity
sensitive teeth | weak noinfl # toothpaste ads
dry socket
impacted wisdom tooth
impacted wisdom teeth | noinfl
impacted tooth
bruxism
teeth grinding
grinding your teeth
receding gums | noinfl
gum recession
bleeding gums | noinfl
swollen gums | noinfl
enamel erosion
canker sore
mouth ulcer
malocclusion
overbite
underbite
crossbite
open bite
crooked teeth | weak noinfl
missing teeth | weak noinfl
failed filling
loose filling
lost filling
broken crown
loose crown
lost crown

# ------------------------------------------------------------ women's health (not pregnancy)
endometriosis
uterine fibroids | noinfl
fibroids | noinfl
fibroid
ovarian cyst
menstrual cramps | noinfl
heavy periods | noinfl
heavy period
irregular periods | noinfl
irregular period
painful periods | noinfl
pmdd
menopause
perimenopause
postmenopausal
hot flashes | noinfl
hot flash
vaginal dryness
vaginitis
breast lump
breast pain
fibrocystic breasts | noinfl
mastitis
pelvic pain
pelvic floor dysfunction
uterine prolapse
pelvic organ prolapse
prolapse
abnormal pap
abnormal pap smear
cervical dysplasia
pelvic inflammatory disease

# ------------------------------------------------------------ pediatrics
newborn jaundice
colic
colicky
teething | weak
failure to thrive
tongue tie
tongue-tie
lip tie
torticollis
flat head syndrome
plagiocephaly
bedwetting
bed-wetting
enuresis
speech delay
developmental delay
lead poisoning
elevated lead level
nursemaid's elbow
hip dysplasia
precocious puberty
short stature
clubfoot
kawasaki disease

# ------------------------------------------------------------ symptoms (mostly weak)
fever | weak
high fever | weak
low-grade fever | weak
running a fever | weak
feverish | weak
cough | weak
coughing | weak
persistent cough
dry cough | weak
wet cough | weak
chronic cough
chills | weak noinfl
body aches | weak noinfl
muscle aches | weak noinfl
fatigue | weak
exhaustion | weak
loss of taste | weak
loss of smell | weak
swelling | weak
swollen glands | weak noinfl
swollen lymph nodes | noinfl
night sweats | weak noinfl
unexplained weight loss
weight loss | weak # weight-loss program ads
weight gain | weak
pain | weak # "pain" alone: "no pain, no gain", "pain-free billing"
aches | weak noinfl
bleeding | weak
bloody nose
coughing up blood
vomiting blood
symptomatic | weak # "if you are symptomatic, stay home"
