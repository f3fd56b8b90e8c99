# English terms for sensitive services: HIV/STI, mental health, substance
# use, pregnancy and reproductive health, genetics and oncology, including
# the clinic and department names that reveal them ("Behavioral Health",
# "Recovery Center", "Cancer Institute", "Fertility Clinic"). Any mention,
# even negated ("your HIV test was negative"), discloses the service, so
# almost nothing here is weak, and guards (en-context.lex) never cancel
# these findings.
#
# `weak` only where the word is everyday English and the clinical sense
# needs a cue or a possessive: "therapy", "counseling", "rehab", "sober",
# "detox", "depressed", "cutting", "due date", "remission". Behavioural
# health and physical care share words: "physical therapy", "speech
# therapy", "massage therapist"... are findings in en-procedures.lex, so the
# longer match wins over the bare "therapy" here.
#
# Tests and procedures that name a sensitive service (HIV test, STD panel,
# IUD insertion, egg retrieval, genetic testing) are listed here with the
# sensitive reason and not in en-tests.lex or en-procedures.lex, so the
# longer match keeps the sensitive reason. Drugs for these services are in
# en-medications.lex with the same reasons.
#
# Acronyms that are not words (HIV, STD, STI, HPV, IVF, IUD, PTSD, OCD) match
# in any case; those that are words or names in lower case (AIDS, PrEP,
# PEP, MAT, CBT, ODD, L&D) are `case`.

@lang en
@source Curtain project, hand-curated (2026-11-23: names of sensitive health services, conditions, tests and clinics used in US clinic texting)
@licence same as Curtain

# ------------------------------------------------------------ HIV / STI
@reason hiv-sti
hiv
human immunodeficiency virus
AIDS | case
hiv test
hiv testing
rapid hiv test
hiv screening
hiv-positive
hiv positive
hiv-negative
hiv negative
hiv status
hiv results | noinfl
hiv care
hiv clinic
hiv specialist
hiv doctor
hiv treatment
ryan white program
viral load
viral load test
cd4
cd4 count
undetectable viral load
std
stds | noinfl
sti
stis | noinfl
std test
std testing
sti test
sti testing
std panel
sti panel
std screening
sti screening
std check
std results | noinfl
std clinic
sti clinic
sexual health clinic
sexual health screening
sexually transmitted infection
sexually transmitted disease
venereal disease
chlamydia
gonorrhea
gonorrhoea
gc/ct
gc/chlamydia
syphilis
rpr test
herpes
genital herpes
herpes outbreak
hsv
hsv-2
hsv2
hsv-1
herpes test
hpv
human papillomavirus
hpv test
hpv positive
high-risk hpv
genital warts | noinfl
genital wart
trichomoniasis
trichomonas
trich | weak # also trichotillomania; cue-dependent
mycoplasma genitalium
chancroid
lymphogranuloma venereum
pubic lice | noinfl
crabs | weak noinfl # seafood
hepatitis b
hepatitis c
hep b
hep c
hbv
hcv
hepatitis b positive
hepatitis c positive
hep c treatment
PrEP | case # "prep" is an everyday word (meal prep, bowel prep)
prep for hiv
hiv prep
PEP | case # "pep" is an everyday word
post-exposure prophylaxis
pre-exposure prophylaxis
expedited partner therapy
partner notification
exposed to an std
sexual partner | weak
sexual partners | weak noinfl

# ------------------------------------------------------------ mental health
@reason mental-health
mental health
mental health visit
mental health appointment
mental health provider
mental health clinic
mental health services | noinfl
mental health center
mental illness
mental health condition
behavioral health
behavioural health
behavioral health center
behavioral health clinic
behavioral health appointment
behavioral health provider
behavioral health consultant
integrated behavioral health
psychiatry
psychiatrist
psychiatric
psychiatric evaluation
psych eval
psych evaluation
psychiatric nurse practitioner
pmhnp
psychiatric hospital
psych ward
inpatient psychiatric
inpatient psych
psychiatric unit
behavioral health unit
partial hospitalization program
intensive outpatient program
psychologist
psychology appointment
psychological evaluation
psychological testing
psychotherapy
psychotherapist
therapy | weak # physical/speech/occupational therapy are longer matches
therapist | weak
therapy session
therapy appointment
therapy sessions | noinfl
counseling | weak # "financial counseling"
counselling | weak
counselor | weak
counsellor | weak
counseling session
counseling appointment
counseling center
talk therapy
cognitive behavioral therapy
cognitive behavioural therapy
CBT | case # also computer-based training
dialectical behavior therapy
dbt
emdr
family therapy
couples therapy
couples counseling
marriage counseling
grief counseling
group therapy
play therapy
support group | weak
med check | weak # psychiatric medication check
medication management | weak
lcsw | weak # a credential in provider signatures
lpc | weak
lmft | weak
social worker | weak
crisis line
crisis hotline
crisis text line
suicide hotline
suicide prevention lifeline
988 | weak # the crisis line number; also house numbers
mental health crisis
crisis center
crisis counselor
depression
depressed # "depressed area" and "depressed the button" are rare in patient texts
clinical depression
major depression
major depressive disorder
postpartum depression
baby blues | weak noinfl
seasonal affective disorder
anxiety
anxious | weak
anxiety disorder
generalized anxiety disorder
social anxiety
panic attack
panic attacks | noinfl
panic disorder
bipolar
bipolar disorder
manic episode
mania
mood disorder
schizophrenia
schizoaffective disorder
psychosis
psychotic
hallucinations | noinfl
ptsd
post-traumatic stress
post-traumatic stress disorder
ocd
obsessive-compulsive disorder
adhd
attention deficit disorder
attention deficit hyperactivity disorder
adhd evaluation
adhd testing
adhd assessment
autism
autistic
autism spectrum disorder
ASD | case # also atrial septal defect
autism evaluation
autism screening
autism assessment
asperger's
eating disorder
anorexia
anorexia nervosa
bulimia
bulimia nervosa
binge eating
binge eating disorder
binge-eating disorder
arfid
suicidal
suicidal thoughts | noinfl
suicidal ideation
suicide
suicide attempt
suicide risk
self-harm
self-injury
self-injurious behavior
cutting | weak # "cutting back", "tree cutting"
personality disorder
borderline personality disorder
bpd
dissociative identity disorder
adjustment disorder
oppositional defiant disorder
ODD | case
conduct disorder
disruptive mood dysregulation disorder
selective mutism
tic disorder
trichotillomania
nervous breakdown
mental breakdown
emotional breakdown
gender dysphoria # no dedicated reason: the closest sensitive class
gender-affirming care
gender affirming hormones | noinfl
gender clinic

# ------------------------------------------------------------ substance use
@reason substance-use
substance use
substance use disorder
substance abuse
drug use
drug abuse
drug addiction
addiction
addicted
addiction treatment
addiction medicine
addiction specialist
addiction center
alcohol use disorder
alcohol abuse
alcoholism
alcoholic | weak # "alcoholic beverages are not permitted"
alcohol addiction
drinking problem
problem drinking
heavy drinking
binge drinking | weak # health tips
opioid use disorder
opioid addiction
opioid dependence
opioid abuse
oud
cannabis use disorder
marijuana use
medical marijuana
medical marijuana card
cocaine use
meth use
heroin use
overdose
overdosed | noinfl
detox | weak # "digital detox", "detox tea"
medical detox
drug detox
alcohol detox
detoxification
withdrawal symptoms | noinfl
opioid withdrawal
alcohol withdrawal
rehab | weak # also physical rehab (en-procedures.lex)
drug rehab
alcohol rehab
rehab center
rehab facility
inpatient rehab | weak # also after a stroke or joint replacement
residential treatment
treatment center | weak
recovery center
recovery program
recovery coach
recovery support
in recovery | weak noinfl # "in recovery from surgery"
sober | weak
sobriety
sober living
clean and sober | noinfl
relapse | weak # also cancer and MS relapses
aa meeting
aa meetings | noinfl
na meeting
na meetings | noinfl
alcoholics anonymous
narcotics anonymous
12-step program
twelve-step program
MAT | case # medication-assisted treatment; "mat" is a word
MAT program | case
medication-assisted treatment
medication for opioid use disorder
moud
methadone clinic
methadone program
suboxone clinic
suboxone provider
opioid treatment program
harm reduction
needle exchange
syringe services program | noinfl
fentanyl test strips | noinfl
positive drug screen
failed drug test
drug court

# ------------------------------------------------------------ pregnancy and reproductive health
@reason reproductive
pregnant
pregnancy
weeks pregnant | noinfl
expecting a baby
prenatal
prenatal care
prenatal visit
prenatal appointment
prenatal labs | noinfl
prenatal ultrasound
prenatal screening
postpartum
post-partum
postpartum visit
postpartum checkup
postpartum appointment
ob visit
ob appointment
ob check
ob ultrasound
obstetrician
dating scan
dating ultrasound
viability scan
viability ultrasound
anatomy scan
anatomy ultrasound
20-week ultrasound
growth ultrasound
nuchal translucency
nt scan
first trimester
second trimester
third trimester
trimester
fetal
fetus
fetal heartbeat
fetal heart rate
baby's heartbeat
kick counts | noinfl
non-stress test
biophysical profile
glucose challenge test
gestational diabetes
gestational hypertension
preeclampsia
hyperemesis
hyperemesis gravidarum
high-risk pregnancy
maternal-fetal medicine
perinatologist
cervical length
group b strep
gbs test
miscarriage
pregnancy loss
chemical pregnancy
stillbirth
ectopic pregnancy
abortion
medication abortion
surgical abortion
termination of pregnancy
pregnancy termination
abortion clinic
D&C | case # also dilation and curettage for other reasons; sensitive either way
pregnancy test
positive pregnancy test
urine pregnancy test
blood pregnancy test
beta hcg
quantitative hcg
hcg level
hcg
pregnancy center
pregnancy resource center
missed period
late period | weak
due date | weak # payment due dates
labor and delivery
labor & delivery
L&D | case
in labor | noinfl
went into labor
labor induction
induction of labor
being induced | weak
c-section
cesarean
vbac
doula
midwife
birth center
birthing center
lactation consultant
lactation
breastfeeding | weak # general breastfeeding-month notices
contraception
birth control
birth control appointment
birth control consult
contraceptive counseling
family planning
planned parenthood
iud
iud insertion
iud removal
iud check
iud strings | noinfl
copper iud
hormonal iud
birth control implant
arm implant | weak
implant removal | weak
depo | weak # Depo-Provera, colloquial
fertility
fertility treatment
fertility clinic
fertility center
fertility specialist
fertility testing
fertility evaluation
fertility workup
infertility
reproductive endocrinologist
reproductive endocrinology
reproductive medicine
reproductive health
ivf
in vitro fertilization
iui
intrauterine insemination
artificial insemination
ovulation induction
ovulation test
egg freezing
egg retrieval
egg donor
embryo transfer
frozen embryo transfer
embryo
embryos | noinfl
semen analysis
sperm analysis
sperm count
donor sperm
sperm bank
surrogate | weak # also "surrogate key"
surrogacy
gestational carrier
amh
vasectomy
vasectomy consult
vasectomy reversal
tubal ligation
tubes tied | noinfl
tubal sterilization
permanent sterilization
sexual assault exam # no dedicated reason: the closest sensitive class
rape kit
women's center | weak # careful: also general women's health practices
women's health center | weak

# ------------------------------------------------------------ genetics
@reason genetics
genetic testing
genetic test
genetic tests | noinfl
genetic counseling
genetic counselor
genetic counselling
genetic screening
genetic results | noinfl
genetic panel
genetics clinic
genetics appointment
medical genetics
geneticist
carrier screening
carrier testing
expanded carrier screening
brca
brca1
brca2
brca test
brca testing
brca mutation
brca gene
lynch syndrome
genetic mutation
gene mutation
hereditary cancer panel
hereditary cancer testing
karyotype
chromosomal microarray
chromosome analysis
exome sequencing
whole exome sequencing
genome sequencing
nipt
cell-free dna
cfdna
harmony test
panorama test
invitae
myriad genetics
fragile x
fragile x testing
cystic fibrosis carrier
sma carrier
tay-sachs carrier
apoe4
pharmacogenomic testing
pharmacogenetic testing
mthfr
23andme

# ------------------------------------------------------------ oncology
@reason oncology
cancer
cancers | noinfl
cancerous
precancerous
malignant
malignancy
tumor
tumour
carcinoma
lymphoma
leukemia
leukaemia
melanoma
sarcoma
myeloma
multiple myeloma
metastatic
metastasis
metastases | noinfl
mets | weak noinfl # colloquial; also the baseball team
stage 4 cancer
stage iv cancer
stage 3 cancer
oncology
oncologist
hematology/oncology
hematology-oncology
heme/onc
heme onc
radiation oncology
radiation oncologist
surgical oncologist
chemo
chemotherapy
chemo infusion
chemo treatment
chemo port
port for chemo
radiation therapy
radiation treatment
radiation treatments | noinfl
radiotherapy
proton therapy
cancer immunotherapy
car-t
car t-cell therapy
bone marrow transplant
stem cell transplant
mastectomy
double mastectomy
lumpectomy
breast cancer
lung cancer
colon cancer
colorectal cancer
rectal cancer
prostate cancer
skin cancer
basal cell carcinoma
squamous cell carcinoma
thyroid cancer
ovarian cancer
cervical cancer
uterine cancer
endometrial cancer
pancreatic cancer
liver cancer
kidney cancer
bladder cancer
brain tumor
brain cancer
oral cancer
throat cancer
head and neck cancer
esophageal cancer
stomach cancer
testicular cancer
blood cancer
bone cancer
hodgkin lymphoma
hodgkin's lymphoma
non-hodgkin lymphoma
cll
aml
cml
mesothelioma
neuroblastoma
glioblastoma
dcis
ductal carcinoma in situ
in remission | noinfl
remission | weak # also Crohn's or MS remission
cancer-free
cancer free
cancer survivor
survivorship
cancer center
cancer institute
cancer treatment center
cancer care
cancer clinic
infusion center | weak # also for biologics and iron
tumor board
tumor marker
tumor markers | noinfl
ca-125
cea level
oncotype
chemo brain
skin cancer screening
cancer screening | weak # routine screening reminders
