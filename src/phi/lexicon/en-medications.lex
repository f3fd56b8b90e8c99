# English medication names for the "too detailed for SMS" detector.
#
# The generics most prescribed in US primary care, pediatrics, urgent care,
# dermatology and dental offices (roughly the top 300), their US brands old
# and new, common over-the-counter names, vaccines by name, and drug-class
# words ("statin", "blood thinner", "inhaler"). Brands are listed in lower
# case: matching folds case, and accent/case folding makes these brands
# match Spanish texts too (es-medications.lex has the Spanish generics).
# Older generics and brands also come from WordNet (en-wordnet.lex); a term
# listed here wins over the WordNet entry.
#
# Drugs whose use reveals a sensitive service carry that reason instead of
# `medication` (the same choices as es-medications.lex):
#   antiretrovirals and hepatitis B/C drugs -> hiv-sti
#   opioid-use-disorder and alcohol-use-disorder drugs -> substance-use
#   contraceptives, abortion and fertility drugs, prenatal vitamins -> reproductive
#   antipsychotics, lithium and mood stabilizers, ADHD drugs, and the class
#   words "antidepressant", "SSRI" -> mental-health
#   cancer-only drugs -> oncology
# Drugs with broad uses stay `medication` and still nag: SSRIs and SNRIs
# (also pain, hot flashes), benzodiazepines, bupropion (smoking), trazodone
# (sleep), gabapentin, lamotrigine and valproate (epilepsy, migraine).
#
# `weak` only where the name is an everyday word or a first name (Allegra,
# Norco, Soma, Activase...), or a generic product mentioned in routine
# notices ("flu vaccines are here", "bring your inhaler"). Dosing words
# ("take", "dose", "twice a day") are cues in en-context.lex; numbers with
# units are found by the dose scanner.

@lang en
@source Curtain project, hand-curated (2026-11-23: US generic and brand names, OTC products, vaccines and drug classes used in clinic texting)
@licence same as Curtain

@reason medication

# ------------------------------------------------------------ drug classes
antibiotic
antibiotic cream
antibiotic ointment
antibiotic eye drops | noinfl
antiviral
antifungal
antihistamine
decongestant
statin
cholesterol medication
cholesterol medicine
cholesterol pill
blood thinner
anticoagulant
antiplatelet
blood pressure medication
blood pressure medicine
blood pressure pill
blood pressure meds | noinfl
bp meds | noinfl
bp medication
heart medication
water pill
diuretic
beta blocker
beta-blocker
ace inhibitor
ARB | case
calcium channel blocker
PPI | case # "ppi" (pixels per inch) only in lower case
proton pump inhibitor
acid reducer
antacid | weak # named in generic diet advice
insulin
long-acting insulin
rapid-acting insulin
mealtime insulin
basal insulin
insulin pen
insulin pump
diabetes medication
diabetes medicine
diabetic supplies | noinfl
glp-1
glp-1 agonist
glp-1 medication
weight loss medication
weight loss shot
weight loss injection
thyroid medication
thyroid medicine
thyroid pill
steroid
steroid cream
steroid pack
steroid taper
oral steroid
corticosteroid
cortisone
inhaler
rescue inhaler
maintenance inhaler
controller inhaler
nebulizer
nebulizer treatment
spacer | weak # also furniture/construction
nasal spray | weak # routine allergy-season advice
eye drops | weak noinfl
ear drops | weak noinfl
pain medication
pain medicine
pain meds | noinfl
pain pill
painkiller
pain reliever
muscle relaxer
muscle relaxant
nerve pain medication
migraine medication
seizure medication
anti-seizure medication
anticonvulsant
sleep medication
sleeping pill
sleep aid
allergy medication
allergy medicine
allergy pill
cough medicine
cough syrup
cold medicine
anti-nausea medication
nausea medicine
stool softener
laxative
fiber supplement | weak
iron supplement | weak
iron pills | noinfl
potassium pill
biologic
biosimilar
immunosuppressant
antibiotic course
benzo # benzodiazepine, colloquial
benzodiazepine
opioid | weak # policy notices ("we do not prescribe opioids by phone")
opioid pain medication
narcotic pain medication
stimulant medication
hormone therapy
hormone replacement
estrogen
estradiol
progesterone
testosterone
testosterone injection
testosterone cream
testosterone gel

# ------------------------------------------------------------ cardiovascular
atorvastatin
lipitor
rosuvastatin
crestor
simvastatin
zocor
pravastatin
pravachol
lovastatin
pitavastatin
livalo
ezetimibe
zetia
vytorin
fenofibrate
tricor
trilipix
gemfibrozil
icosapent ethyl
vascepa
lovaza
niacin | weak # also a vitamin in multivitamin labels
evolocumab
repatha
alirocumab
praluent
inclisiran
leqvio
bempedoic acid
nexletol
nexlizet
lisinopril
prinivil
zestril
zestoretic
lisinopril-hctz
enalapril
vasotec
benazepril
lotensin
lotrel
ramipril
altace
quinapril
accupril
fosinopril
losartan
cozaar
hyzaar
losartan-hctz
valsartan
diovan
olmesartan
benicar
irbesartan
avapro
telmisartan
micardis
candesartan
atacand
azilsartan
edarbi
sacubitril
entresto
amlodipine
norvasc
nifedipine
procardia
adalat
diltiazem
cardizem
verapamil
felodipine
metoprolol
metoprolol succinate
metoprolol tartrate
toprol
toprol xl
lopressor
carvedilol
coreg
atenolol
tenormin
propranolol
inderal
bisoprolol
ziac
nebivolol
bystolic
labetalol
nadolol
sotalol
hydrochlorothiazide
hctz
chlorthalidone
furosemide
lasix
torsemide
bumetanide
bumex
spironolactone
aldactone
eplerenone
triamterene
maxzide
dyazide
metolazone
clonidine
hydralazine
doxazosin
terazosin
prazosin
isosorbide
isosorbide mononitrate
imdur
nitroglycerin
nitro patch
nitrostat
ranolazine
ranexa
digoxin
lanoxin
amiodarone
flecainide
dofetilide
tikosyn
dronedarone
multaq
warfarin
coumadin
jantoven
apixaban
eliquis
rivaroxaban
xarelto
dabigatran
pradaxa
edoxaban
savaysa
enoxaparin
lovenox
heparin
clopidogrel
plavix
prasugrel
effient
ticagrelor
brilinta
cilostazol
baby aspirin
aspirin
low-dose aspirin

# ------------------------------------------------------------ diabetes and weight
metformin
metformin er
glucophage
glumetza
glipizide
glucotrol
glimepiride
amaryl
glyburide
pioglitazone
actos | weak # also Spanish "actos" (acts, events): cue-dependent
sitagliptin
januvia
janumet
linagliptin
tradjenta
jentadueto
saxagliptin
onglyza
alogliptin
empagliflozin
jardiance
synjardy
glyxambi
trijardy
dapagliflozin
farxiga
xigduo
canagliflozin
invokana
ertugliflozin
steglatro
semaglutide
ozempic
wegovy
rybelsus
tirzepatide
mounjaro
zepbound
dulaglutide
trulicity
liraglutide
victoza
saxenda
exenatide
byetta
bydureon
insulin glargine
lantus
basaglar
toujeo
semglee
rezvoglar
insulin lispro
humalog
admelog
lyumjev
insulin aspart
novolog
fiasp
apidra
insulin degludec
tresiba
insulin detemir
levemir
humulin
novolin
nph insulin
afrezza
soliqua
xultophy
glucagon
baqsimi
gvoke
dexcom
freestyle libre
omnipod
continuous glucose monitor
glucometer
glucose meter
test strips | weak noinfl
lancets | weak noinfl
phentermine
adipex
qsymia
contrave
orlistat

# ------------------------------------------------------------ thyroid and hormones
levothyroxine
synthroid
levoxyl
unithroid
euthyrox
tirosint
liothyronine
cytomel
armour thyroid
np thyroid
methimazole
tapazole
propylthiouracil
PTU | case
premarin
estrace
vagifem
prometrium
provera
medroxyprogesterone
androgel
testosterone cypionate
depo-testosterone
hydrocortisone
cortef
fludrocortisone
desmopressin
cabergoline

# ------------------------------------------------------------ steroids, immunology, biologics
prednisone
prednisolone
orapred
methylprednisolone
medrol
medrol dosepak
medrol dose pack
dose pack | weak # "Medrol dose pack" colloquially
depo-medrol
solu-medrol
dexamethasone
decadron
triamcinolone
kenalog
budesonide
adalimumab
humira
amjevita
hadlima
hyrimoz
cyltezo
yusimry
simlandi
dupilumab
dupixent
ustekinumab
stelara
etanercept
enbrel
infliximab
remicade
inflectra
secukinumab
cosentyx
ixekizumab
taltz
guselkumab
tremfya
risankizumab
skyrizi
certolizumab
cimzia
golimumab
simponi
abatacept
orencia
tocilizumab
actemra
vedolizumab
entyvio
omalizumab
xolair
mepolizumab
nucala
benralizumab
fasenra
tezepelumab
tezspire
tofacitinib
xeljanz
upadacitinib
rinvoq
baricitinib
olumiant
tralokinumab
adbry
apremilast
otezla
hydroxychloroquine
plaquenil
trexall
otrexup
sulfasalazine
azulfidine
leflunomide
azathioprine
mycophenolate
cellcept
cyclosporine
tacrolimus
prograf
epipen
auvi-q
epinephrine auto-injector
epinephrine

# ------------------------------------------------------------ respiratory and allergy
albuterol
proair
ventolin
proventil
levalbuterol
xopenex
fluticasone
flovent
flonase
advair
wixela
symbicort
breyna
budesonide-formoterol
dulera
breo
trelegy
anoro
tiotropium
spiriva
incruse
ipratropium
atrovent
duoneb
combivent
montelukast
singulair
qvar
pulmicort
roflumilast
daliresp
benzonatate
tessalon
tessalon perles | noinfl
guaifenesin
mucinex
dextromethorphan
delsym
robitussin
pseudoephedrine
sudafed
phenylephrine
cetirizine
zyrtec
zyrtec-d
levocetirizine
xyzal
loratadine
claritin
claritin-d
desloratadine
clarinex
fexofenadine
allegra | weak # a first name
diphenhydramine
benadryl
hydroxyzine
azelastine
astelin
olopatadine
pataday
patanol
nasacort
rhinocort
mometasone
nasonex
afrin
oxymetazoline
dayquil
nyquil
theraflu
vicks vaporub
cromolyn

# ------------------------------------------------------------ pain, musculoskeletal, gout, bone
ibuprofen
advil
motrin
naproxen
aleve
naprosyn
meloxicam
mobic
diclofenac
voltaren
voltaren gel
celecoxib
celebrex
ketorolac
toradol
nabumetone
etodolac
indomethacin
acetaminophen
tylenol
tylenol with codeine
tylenol 3
paracetamol
excedrin
midol
cyclobenzaprine
flexeril
methocarbamol
robaxin
tizanidine
zanaflex
baclofen
carisoprodol
soma | case weak # Soma is also a shop and a word
metaxalone
skelaxin
gabapentin
neurontin
pregabalin
lyrica
lidocaine
lidocaine patch
lidoderm
capsaicin cream
tramadol
ultram
tapentadol
nucynta
hydrocodone
hydrocodone-acetaminophen
norco | weak # also a city in California
vicodin
lortab
oxycodone
oxycontin
roxicodone
percocet
endocet
morphine
ms contin
hydromorphone
dilaudid
fentanyl
fentanyl patch
duragesic
codeine
allopurinol
zyloprim
febuxostat
uloric
colchicine
colcrys
alendronate
fosamax
risedronate
actonel
ibandronate
boniva
denosumab
prolia
zoledronic acid
reclast
teriparatide
forteo
raloxifene
evista

# ------------------------------------------------------------ gastrointestinal
omeprazole
prilosec
esomeprazole
nexium
pantoprazole
protonix
lansoprazole
prevacid
rabeprazole
aciphex
dexlansoprazole
dexilant
famotidine
pepcid
ranitidine
zantac
sucralfate
carafate
ondansetron
zofran
promethazine
phenergan
metoclopramide
reglan
prochlorperazine
compazine
dicyclomine
bentyl
hyoscyamine
levsin
loperamide
imodium
bismuth subsalicylate
pepto-bismol
pepto
polyethylene glycol
miralax
docusate
colace
senna
senokot
bisacodyl
dulcolax
lactulose
linaclotide
linzess
lubiprostone
amitiza
plecanatide
trulance
mesalamine
lialda
asacol
pentasa
uceris
entocort
ursodiol
rifaximin
xifaxan
creon
simethicone
gas-x
tums | weak # also "tums" (tummies); usually in generic heartburn advice
rolaids
maalox
mylanta
gaviscon
metamucil
bowel prep
golytely
suprep
moviprep
clenpiq
plenvu
colonoscopy prep

# ------------------------------------------------------------ urology and sexual health
tamsulosin
flomax
alfuzosin
uroxatral
finasteride
proscar
propecia
dutasteride
avodart
oxybutynin
ditropan
tolterodine
detrol
solifenacin
vesicare
mirabegron
myrbetriq
trospium
phenazopyridine
pyridium
AZO | case # "azo" is a chemistry word
sildenafil
viagra
revatio
tadalafil
cialis
vardenafil
levitra
ed medication

# ------------------------------------------------------------ neurology, migraine, sleep
sumatriptan
imitrex
rizatriptan
maxalt
zolmitriptan
zomig
eletriptan
relpax
naratriptan
triptan
ubrogepant
ubrelvy
rimegepant
nurtec
atogepant
qulipta
erenumab
aimovig
fremanezumab
ajovy
galcanezumab
emgality
eptinezumab
vyepti
topiramate
topamax
fioricet
butalbital
levetiracetam
keppra
lamotrigine
lamictal
carbamazepine
tegretol
oxcarbazepine
trileptal
divalproex
depakote
valproate
phenytoin
dilantin
zonisamide
lacosamide
vimpat
clobazam
diastat
valtoco
nayzilam
carbidopa
levodopa
carbidopa-levodopa
sinemet
pramipexole
mirapex
ropinirole
requip
rasagiline
amantadine
donepezil
aricept
memantine
namenda
rivastigmine
exelon patch
galantamine
lecanemab
leqembi
donanemab
kisunla
ocrevus
tecfidera
gilenya
copaxone
kesimpta
zolpidem
ambien
eszopiclone
lunesta
suvorexant
belsomra
modafinil
provigil
armodafinil
nuvigil
melatonin | weak # OTC, named in generic sleep-hygiene tips
unisom
zzzquil
meclizine
antivert
dramamine
scopolamine patch
botox | weak # also cosmetic ads ("Botox specials")

# ------------------------------------------------------------ antidepressants and anxiety drugs (broad uses)
sertraline
zoloft
fluoxetine
prozac
citalopram
celexa
escitalopram
lexapro
paroxetine
paxil
fluvoxamine
luvox
venlafaxine
effexor
desvenlafaxine
pristiq
duloxetine
cymbalta
bupropion
wellbutrin
zyban
mirtazapine
remeron
trazodone
vilazodone
viibryd
vortioxetine
trintellix
amitriptyline
nortriptyline
pamelor
doxepin
buspirone
buspar
alprazolam
xanax
lorazepam
ativan
clonazepam
klonopin
diazepam
valium
temazepam
restoril
chlordiazepoxide

# ------------------------------------------------------------ antibiotics and anti-infectives
amoxicillin
amoxil
amoxicillin-clavulanate
augmentin
azithromycin
zithromax
z-pak
z-pack
zpack
clarithromycin
biaxin
doxycycline
vibramycin
doryx
minocycline
minocin
solodyn
cephalexin
keflex
cefdinir
omnicef
cefuroxime
ceftin
cefadroxil
cefpodoxime
cefprozil
ceftriaxone
rocephin
rocephin shot
sulfamethoxazole
trimethoprim
sulfamethoxazole-trimethoprim
smx-tmp
bactrim
bactrim ds
septra
ciprofloxacin
cipro
levofloxacin
levaquin
moxifloxacin
ofloxacin
nitrofurantoin
macrobid
macrodantin
fosfomycin
monurol
metronidazole
flagyl
metrogel
tinidazole
clindamycin
cleocin
penicillin
penicillin vk
pen vk
dicloxacillin
linezolid
vancomycin
fidaxomicin
dificid
rifampin
isoniazid
erythromycin
gentamicin
tobramycin
tobradex
ciprodex
cortisporin
neosporin
polysporin
bacitracin
mupirocin
bactroban
oseltamivir
tamiflu
baloxavir
xofluza
zanamivir
relenza
paxlovid
nirmatrelvir
molnupiravir
lagevrio
remdesivir
valacyclovir
valtrex
acyclovir
zovirax
famciclovir
famvir
abreva
fluconazole
diflucan
terbinafine
lamisil
nystatin
clotrimazole
lotrimin
miconazole
monistat
ketoconazole
nizoral
itraconazole
griseofulvin
ivermectin
albendazole
mebendazole
emverm
permethrin
elimite
natroba
malarone
atovaquone-proguanil

# ------------------------------------------------------------ dermatology
tretinoin
retin-a
isotretinoin
accutane
absorica
claravis
amnesteem
adapalene
differin
epiduo
benzoyl peroxide
dapsone gel
aczone
clindamycin gel
clobetasol
temovate
betamethasone
desonide
triamcinolone cream
hydrocortisone cream
cortizone-10
tacrolimus ointment
protopic
pimecrolimus
elidel
calcipotriene
dovonex
efudex
fluorouracil cream
minoxidil
rogaine
soolantra
finacea

# ------------------------------------------------------------ eye and ear
latanoprost
xalatan
timolol
brimonidine
alphagan
dorzolamide
cosopt
combigan
bimatoprost
lumigan
rhopressa
pred forte
prednisolone acetate
durezol
vigamox
restasis
xiidra
miebo
eylea
lucentis
vabysmo
debrox
dilating drops

# ------------------------------------------------------------ kidney, blood, vitamins by prescription
potassium chloride
klor-con
sevelamer
renvela
calcitriol
epogen
procrit
aranesp
feraheme
injectafer
venofer
iron infusion
cyanocobalamin
b12 injection
b12 shot
ergocalciferol
folic acid | weak # prenatal and food-fortification notices

# ------------------------------------------------------------ vaccines
# Generic vaccine names are guards in en-context.lex ("flu vaccine",
# "COVID vaccine"): a routine immunization reminder is not a disclosure.
# Brand names name the product given to this patient.
tdap
dtap
Td | case
MMR | case # "mmr" is a matchmaking rating in games
mmrv
varivax
proquad
shingrix
zostavax
gardasil
gardasil 9
prevnar
prevnar 20
pneumovax
vaxneuvance
capvaxive
menactra
menveo
menquadfi
bexsero
trumenba
penbraya
havrix
vaqta
engerix
engerix-b
heplisav
recombivax
twinrix
pediarix
pentacel
vaxelis
kinrix
quadracel
boostrix
adacel
tenivac
rotateq
rotarix
beyfortus
nirsevimab
synagis
arexvy
abrysvo
mresvia
comirnaty
spikevax
novavax
fluzone | weak # flu vaccine brand in "now in stock" notices
flucelvax | weak
flumist | weak
fluad | weak
flublok | weak
afluria | weak
fluarix | weak
typhoid vaccine
yellow fever vaccine
rabies vaccine
imovax
rabavert
ixiaro
booster shot | weak # "booster shots available"
# Vaccines whose disease name is sensitive: the longer match wins, so a
# routine reminder is reported as a medication, not as an HIV/STI service.
hpv vaccine
hpv vaccination
hpv shot
hep b vaccine
hepatitis b vaccine
hep b shot
hepatitis b shot

# ------------------------------------------------------------ sensitive: HIV and hepatitis B/C
antiretroviral | reason=hiv-sti
antiretrovirals | reason=hiv-sti noinfl
art medication | reason=hiv-sti
hiv medication | reason=hiv-sti
hiv meds | reason=hiv-sti noinfl
truvada | reason=hiv-sti
descovy | reason=hiv-sti
emtricitabine | reason=hiv-sti
tenofovir | reason=hiv-sti
emtricitabine-tenofovir | reason=hiv-sti
biktarvy | reason=hiv-sti
bictegravir | reason=hiv-sti
genvoya | reason=hiv-sti
stribild | reason=hiv-sti
odefsey | reason=hiv-sti
complera | reason=hiv-sti
atripla | reason=hiv-sti
symtuza | reason=hiv-sti
triumeq | reason=hiv-sti
dovato | reason=hiv-sti
juluca | reason=hiv-sti
tivicay | reason=hiv-sti
dolutegravir | reason=hiv-sti
isentress | reason=hiv-sti
raltegravir | reason=hiv-sti
prezista | reason=hiv-sti
darunavir | reason=hiv-sti
prezcobix | reason=hiv-sti
evotaz | reason=hiv-sti
reyataz | reason=hiv-sti
atazanavir | reason=hiv-sti
edurant | reason=hiv-sti
rilpivirine | reason=hiv-sti
pifeltro | reason=hiv-sti
doravirine | reason=hiv-sti
delstrigo | reason=hiv-sti
cabenuva | reason=hiv-sti
cabotegravir | reason=hiv-sti
apretude | reason=hiv-sti
sunlenca | reason=hiv-sti
lenacapavir | reason=hiv-sti
yeztugo | reason=hiv-sti
rukobia | reason=hiv-sti
trogarzo | reason=hiv-sti
selzentry | reason=hiv-sti
maraviroc | reason=hiv-sti
epzicom | reason=hiv-sti
abacavir | reason=hiv-sti
combivir | reason=hiv-sti
efavirenz | reason=hiv-sti
sustiva | reason=hiv-sti
kaletra | reason=hiv-sti
lopinavir | reason=hiv-sti
doxy-pep | reason=hiv-sti
bicillin | reason=hiv-sti # benzathine penicillin: mostly syphilis treatment
epclusa | reason=hiv-sti # hepatitis C
harvoni | reason=hiv-sti
mavyret | reason=hiv-sti
sovaldi | reason=hiv-sti
sofosbuvir | reason=hiv-sti
vosevi | reason=hiv-sti
zepatier | reason=hiv-sti
entecavir | reason=hiv-sti # hepatitis B
baraclude | reason=hiv-sti
vemlidy | reason=hiv-sti
viread | reason=hiv-sti

# ------------------------------------------------------------ sensitive: substance use
buprenorphine | reason=substance-use
buprenorphine-naloxone | reason=substance-use
suboxone | reason=substance-use
subutex | reason=substance-use
zubsolv | reason=substance-use
sublocade | reason=substance-use
brixadi | reason=substance-use
bupe | reason=substance-use # colloquial buprenorphine
methadone | reason=substance-use
methadose | reason=substance-use
naltrexone | reason=substance-use
vivitrol | reason=substance-use
revia | reason=substance-use
naloxone | reason=substance-use
narcan | reason=substance-use
kloxxado | reason=substance-use
zimhi | reason=substance-use
nalmefene | reason=substance-use
opvee | reason=substance-use
disulfiram | reason=substance-use
antabuse | reason=substance-use
acamprosate | reason=substance-use
campral | reason=substance-use
lofexidine | reason=substance-use
lucemyra | reason=substance-use
varenicline # smoking cessation: a medication, not a substance-use service here
chantix
nicotine patch
nicotine gum
nicotine lozenge
nicorette
nicoderm

# ------------------------------------------------------------ sensitive: reproductive
birth control pill | reason=reproductive
birth control pills | reason=reproductive noinfl
oral contraceptive | reason=reproductive
the pill | reason=reproductive noinfl weak # "the pill" alone: cue-dependent
mini pill | reason=reproductive
minipill | reason=reproductive
contraceptive | reason=reproductive
contraceptive patch | reason=reproductive
contraceptive ring | reason=reproductive
levonorgestrel | reason=reproductive
norethindrone | reason=reproductive
ethinyl estradiol | reason=reproductive
drospirenone | reason=reproductive
norgestimate | reason=reproductive
desogestrel | reason=reproductive
yaz | reason=reproductive
yasmin | reason=reproductive # also a first name, but rarely spelled so
loestrin | reason=reproductive
lo loestrin | reason=reproductive
sprintec | reason=reproductive
tri-sprintec | reason=reproductive
junel | reason=reproductive
microgestin | reason=reproductive
ortho tri-cyclen | reason=reproductive
ortho-novum | reason=reproductive
seasonique | reason=reproductive
errin | reason=reproductive
nora-be | reason=reproductive
slynd | reason=reproductive
nextstellis | reason=reproductive
aviane | reason=reproductive
lutera | reason=reproductive
levora | reason=reproductive
kariva | reason=reproductive
ocella | reason=reproductive
cryselle | reason=reproductive
enskyce | reason=reproductive
natazia | reason=reproductive
beyaz | reason=reproductive
taytulla | reason=reproductive
balcoltra | reason=reproductive
tydemy | reason=reproductive
nuvaring | reason=reproductive
annovera | reason=reproductive
xulane | reason=reproductive
twirla | reason=reproductive
depo-provera | reason=reproductive
depo shot | reason=reproductive
depo injection | reason=reproductive
nexplanon | reason=reproductive
implanon | reason=reproductive
mirena | reason=reproductive
kyleena | reason=reproductive
liletta | reason=reproductive
skyla | reason=reproductive
paragard | reason=reproductive
phexxi | reason=reproductive
opill | reason=reproductive
Plan B | case reason=reproductive # lower-case "plan b" is an idiom
plan b one-step | reason=reproductive
plan b pill | reason=reproductive
morning-after pill | reason=reproductive
emergency contraception | reason=reproductive
emergency contraceptive | reason=reproductive
ulipristal | reason=reproductive
mifepristone | reason=reproductive
misoprostol | reason=reproductive # also an ulcer drug, but texted about for abortion
cytotec | reason=reproductive
abortion pill | reason=reproductive
clomiphene | reason=reproductive # ovulation induction
clomid | reason=reproductive
serophene | reason=reproductive
gonal-f | reason=reproductive
follistim | reason=reproductive
menopur | reason=reproductive
ovidrel | reason=reproductive
pregnyl | reason=reproductive
novarel | reason=reproductive
hcg injection | reason=reproductive
hcg shot | reason=reproductive
trigger shot | reason=reproductive # IVF/IUI ovulation trigger
cetrotide | reason=reproductive
ganirelix | reason=reproductive
progesterone in oil | reason=reproductive
crinone | reason=reproductive
endometrin | reason=reproductive
fertility medication | reason=reproductive
fertility meds | reason=reproductive noinfl
fertility drug | reason=reproductive
prenatal vitamin | reason=reproductive
prenatal vitamins | reason=reproductive noinfl
prenatals | reason=reproductive noinfl
diclegis | reason=reproductive # pregnancy nausea
bonjesta | reason=reproductive
makena | reason=reproductive
rhogam | reason=reproductive # Rh immune globulin in pregnancy
rh immune globulin | reason=reproductive

# ------------------------------------------------------------ sensitive: mental health
antidepressant | reason=mental-health # the class word names the condition
antidepressants | reason=mental-health noinfl
anti-anxiety medication | reason=mental-health
anxiety medication | reason=mental-health
anxiety medicine | reason=mental-health
anxiety meds | reason=mental-health noinfl
depression medication | reason=mental-health
depression medicine | reason=mental-health
SSRI | case reason=mental-health
SNRI | case reason=mental-health
antipsychotic | reason=mental-health
mood stabilizer | reason=mental-health
psychiatric medication | reason=mental-health
psych meds | reason=mental-health noinfl
lithium | reason=mental-health # a lab value too, but texted about as the drug
lithobid | reason=mental-health
aripiprazole | reason=mental-health
abilify | reason=mental-health
abilify maintena | reason=mental-health
aristada | reason=mental-health
quetiapine | reason=mental-health
seroquel | reason=mental-health
olanzapine | reason=mental-health
zyprexa | reason=mental-health
risperidone | reason=mental-health
risperdal | reason=mental-health
ziprasidone | reason=mental-health
geodon | reason=mental-health
lurasidone | reason=mental-health
latuda | reason=mental-health
paliperidone | reason=mental-health
invega | reason=mental-health
invega sustenna | reason=mental-health
brexpiprazole | reason=mental-health
rexulti | reason=mental-health
cariprazine | reason=mental-health
vraylar | reason=mental-health
clozapine | reason=mental-health
clozaril | reason=mental-health
haloperidol | reason=mental-health
haldol | reason=mental-health
lumateperone | reason=mental-health
caplyta | reason=mental-health
cobenfy | reason=mental-health
esketamine | reason=mental-health
spravato | reason=mental-health
zuranolone | reason=mental-health # postpartum depression
zurzuvae | reason=mental-health
adhd medication | reason=mental-health
adhd meds | reason=mental-health noinfl
amphetamine | reason=mental-health # ADHD; methamphetamine is substance-use
amphetamine salts | reason=mental-health noinfl
adderall | reason=mental-health
adderall xr | reason=mental-health
dextroamphetamine | reason=mental-health
dexedrine | reason=mental-health
zenzedi | reason=mental-health
evekeo | reason=mental-health
mydayis | reason=mental-health
adzenys | reason=mental-health
dyanavel | reason=mental-health
lisdexamfetamine | reason=mental-health
vyvanse | reason=mental-health
methylphenidate | reason=mental-health
ritalin | reason=mental-health
concerta | reason=mental-health
metadate | reason=mental-health
methylin | reason=mental-health
daytrana | reason=mental-health
quillichew | reason=mental-health
jornay | reason=mental-health
dexmethylphenidate | reason=mental-health
focalin | reason=mental-health
azstarys | reason=mental-health
atomoxetine | reason=mental-health
strattera | reason=mental-health
viloxazine | reason=mental-health
qelbree | reason=mental-health
guanfacine | reason=mental-health
intuniv | reason=mental-health

# ------------------------------------------------------------ sensitive: oncology
chemo pill | reason=oncology
oral chemo | reason=oncology
chemo drug | reason=oncology
tamoxifen | reason=oncology
anastrozole | reason=oncology
arimidex | reason=oncology
letrozole | reason=oncology # also ovulation induction; sensitive either way
femara | reason=oncology
exemestane | reason=oncology
aromasin | reason=oncology
aromatase inhibitor | reason=oncology
pembrolizumab | reason=oncology
keytruda | reason=oncology
nivolumab | reason=oncology
opdivo | reason=oncology
trastuzumab | reason=oncology
herceptin | reason=oncology
bevacizumab | reason=oncology
avastin | reason=oncology
rituximab | reason=oncology
rituxan | reason=oncology
palbociclib | reason=oncology
ibrance | reason=oncology
verzenio | reason=oncology
kisqali | reason=oncology
enzalutamide | reason=oncology
xtandi | reason=oncology
abiraterone | reason=oncology
zytiga | reason=oncology
erleada | reason=oncology
nubeqa | reason=oncology
lupron | reason=oncology # also endometriosis and IVF: sensitive either way
eligard | reason=oncology
lenalidomide | reason=oncology
revlimid | reason=oncology
ibrutinib | reason=oncology
imbruvica | reason=oncology
imatinib | reason=oncology
gleevec | reason=oncology
osimertinib | reason=oncology
tagrisso | reason=oncology
olaparib | reason=oncology
lynparza | reason=oncology
capecitabine | reason=oncology
xeloda | reason=oncology
temozolomide | reason=oncology
temodar | reason=oncology
paclitaxel | reason=oncology
taxol | reason=oncology
docetaxel | reason=oncology
taxotere | reason=oncology
cisplatin | reason=oncology
carboplatin | reason=oncology
oxaliplatin | reason=oncology
cyclophosphamide | reason=oncology
cytoxan | reason=oncology
adriamycin | reason=oncology
5-fu | reason=oncology
gemcitabine | reason=oncology
atezolizumab | reason=oncology
tecentriq | reason=oncology
durvalumab | reason=oncology
imfinzi | reason=oncology
ipilimumab | reason=oncology
yervoy | reason=oncology
daratumumab | reason=oncology
darzalex | reason=oncology
bortezomib | reason=oncology
velcade | reason=oncology
enhertu | reason=oncology
kadcyla | reason=oncology
perjeta | reason=oncology
phesgo | reason=oncology
trodelvy | reason=oncology
padcev | reason=oncology
calquence | reason=oncology
venclexta | reason=oncology
fulvestrant | reason=oncology
faslodex | reason=oncology
xgeva | reason=oncology
pegfilgrastim | reason=oncology # white-cell booster given with chemotherapy
neulasta | reason=oncology
filgrastim | reason=oncology
neupogen | reason=oncology
udenyca | reason=oncology
