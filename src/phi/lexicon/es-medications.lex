# Spanish medication names for the "too detailed for SMS" detector.
#
# Spanish spellings (INN / denominación común) of the generics that US primary
# care, pediatrics, dental and urgent care prescribe most, the colloquial
# ways Latino patients name their medicines ("las pastillas para la
# presión"), drug-class words, and a few brands that are used in Spanish texts
# but are Latin-American rather than US brands. Pure US brand names (Ozempic,
# Eliquis, Xarelto, Tylenol...) live in the English file: accent and case
# folding makes them match Spanish texts too.
#
# Where US Spanish uses two spellings (amlodipino / amlodipina,
# ciprofloxacino / ciprofloxacina) both are listed. Accent variants need not be:
# matching folds accents, so "losartán" also matches "losartan".
#
# Drugs whose use reveals a sensitive service carry that reason instead of
# `medication`: antiretrovirals -> hiv-sti, opioid-use-disorder drugs ->
# substance-use, contraceptives and abortion drugs -> reproductive,
# antipsychotics / lithium / ADHD stimulants -> mental-health, cancer-only
# drugs -> oncology. Drugs with broad uses (SSRIs also treat pain and hot
# flashes, bupropion smoking, trazodone sleep, gabapentin nerve pain) stay
# `medication`: they still nag, in the medication category.
#
# Dosing words ("tome", "dosis", "cada 8 horas") are cues in es-context.lex.

@lang es
@source Curtain project, hand-curated (Spanish generic names, drug classes and colloquial medicine names used by US Spanish-speaking patients)
@licence same as Curtain

@reason medication

# --- blood pressure, heart ---
lisinopril
enalapril
captopril
ramipril
benazepril
quinapril
losartán
valsartán
irbesartán
olmesartán
telmisartán
candesartán
amlodipino
amlodipina
nifedipino
nifedipina
diltiazem
verapamilo
metoprolol
atenolol
carvedilol
propranolol
bisoprolol
nebivolol
labetalol
hidroclorotiazida
clortalidona
furosemida
torsemida
bumetanida
espironolactona
eplerenona
clonidina
hidralazina
doxazosina
terazosina
prazosina
isosorbida
mononitrato de isosorbida
nitroglicerina
digoxina
amiodarona
sacubitrilo
ivabradina
ranolazina
# --- cholesterol ---
atorvastatina
simvastatina
rosuvastatina
pravastatina
lovastatina
pitavastatina
ezetimiba
fenofibrato
gemfibrozilo
# --- blood thinners ---
warfarina
apixabán
rivaroxabán
dabigatrán
edoxabán
enoxaparina
heparina
clopidogrel
prasugrel
ticagrelor
aspirina
# --- diabetes ---
metformina
insulina
insulina glargina
glargina
insulina lispro
insulina aspart
insulina detemir
insulina degludec
insulina nph
glipizida
glimepirida
gliburida
glibenclamida
pioglitazona
sitagliptina
linagliptina
saxagliptina
alogliptina
empagliflozina
dapagliflozina
canagliflozina
ertugliflozina
semaglutida
liraglutida
dulaglutida
exenatida
tirzepatida
acarbosa
repaglinida
# --- thyroid ---
levotiroxina
liotironina
metimazol
propiltiouracilo
# --- stomach, bowel ---
omeprazol
esomeprazol
pantoprazol
lansoprazol
rabeprazol
dexlansoprazol
famotidina
ranitidina
sucralfato
ondansetrón
metoclopramida
loperamida
subsalicilato de bismuto
docusato
senósidos
polietilenglicol
lactulosa
bisacodilo
mesalamina
sulfasalazina
simeticona
hioscina
butilhioscina
diciclomina
dicicloverina
meclizina
dimenhidrinato
escopolamina
# --- lungs, allergy, cough and cold ---
salbutamol
albuterol
levalbuterol
ipratropio
tiotropio
budesonida
fluticasona
beclometasona
mometasona
formoterol
salmeterol
montelukast
teofilina
benzonatato
dextrometorfano
guaifenesina
prometazina
loratadina
desloratadina
cetirizina
levocetirizina
fexofenadina
difenhidramina
clorfenamina
clorfeniramina
hidroxicina
epinefrina
pseudoefedrina
fenilefrina
oximetazolina
# --- antibiotics, antifungals, antivirals, antiparasitics ---
amoxicilina
amoxicilina con ácido clavulánico
amoxicilina/clavulanato
ácido clavulánico
penicilina
penicilina benzatínica
ampicilina
dicloxacilina
azitromicina
claritromicina
eritromicina
doxiciclina
minociclina
tetraciclina
cefalexina
cefuroxima
cefdinir
ceftriaxona
cefadroxilo
cefixima
cefpodoxima
ciprofloxacino
ciprofloxacina
levofloxacino
moxifloxacino
trimetoprima
sulfametoxazol
trimetoprima con sulfametoxazol
trimetoprima/sulfametoxazol
nitrofurantoína
metronidazol
tinidazol
clindamicina
vancomicina
linezolid
rifampicina
isoniazida
mupirocina
neomicina
gentamicina
tobramicina
fosfomicina
fluconazol
nistatina
clotrimazol
miconazol
terbinafina
ketoconazol
itraconazol
aciclovir
valaciclovir
famciclovir
oseltamivir
nirmatrelvir
remdesivir
molnupiravir
ivermectina
albendazol
mebendazol
permetrina
nitazoxanida
praziquantel
# --- pain, inflammation, muscle ---
ibuprofeno
acetaminofén
acetaminofeno
paracetamol
naproxeno
diclofenaco
meloxicam
celecoxib
ketorolaco
indometacina
nabumetona
etodolaco
metamizol
tramadol
oxicodona
hidrocodona
morfina
codeína
hidromorfona
fentanilo
tapentadol
lidocaína
benzocaína
ciclobenzaprina
metocarbamol
tizanidina
baclofeno
carisoprodol
orfenadrina
# --- nerves, seizures, migraine, memory, Parkinson ---
gabapentina
pregabalina
topiramato
levetiracetam
lamotrigina
ácido valproico
valproato
divalproato
carbamazepina
oxcarbazepina
fenitoína
lacosamida
sumatriptán
rizatriptán
donepezilo
memantina
carbidopa
levodopa
ropinirol
pramipexol
# --- antidepressants, anxiety, sleep (broad uses: medication) ---
sertralina
fluoxetina
escitalopram
citalopram
paroxetina
venlafaxina
desvenlafaxina
duloxetina
bupropión
mirtazapina
trazodona
amitriptilina
nortriptilina
buspirona
vortioxetina
alprazolam
lorazepam
clonazepam
diazepam
benzodiacepina
benzodiazepina
zolpidem
melatonina | weak # sold over the counter and named in generic sleep-hygiene tips
# --- steroids ---
prednisona
prednisolona
metilprednisolona
dexametasona
hidrocortisona
triamcinolona
betametasona
clobetasol
cortisona
# --- rheumatology, gout, bones ---
alopurinol
colchicina
febuxostat
hidroxicloroquina
metotrexato
leflunomida
adalimumab
etanercept
alendronato
risedronato
ibandronato
denosumab
# --- urology, hormones ---
tamsulosina
finasterida
oxibutinina
sildenafil
tadalafil
testosterona
estradiol
progesterona
# --- eyes, skin ---
latanoprost
timolol
gotas para los ojos
gotas para el ojo
gotas oftálmicas | noinfl
gotas para los oídos
gotas para el oído
gotas óticas | noinfl
gotas para la nariz
spray nasal
aerosol nasal
parche | weak # also a patch in general
suero | weak # oral rehydration or an IV drip; also whey, serum
suero oral
bomba para el asma
bombita | weak # an inhaler colloquially
glucómetro
tiras reactivas | noinfl
lancetas | noinfl
monitor de glucosa
monitor continuo de glucosa
bomba de insulina
pluma de insulina
jeringas de insulina | noinfl
tretinoína
isotretinoína
peróxido de benzoilo
adapaleno
hidroquinona
# --- supplements given as treatment ---
sulfato ferroso
ácido fólico
cloruro de potasio
parche de nicotina
chicle de nicotina
vareniclina
# --- Latin-American brands that patients name in Spanish ---
tempra # acetaminophen (Mexico)
neomelubrina # metamizol (Mexico)
buscapina # hioscina
neurobión
desenfriol
mejoral

# --- drug classes and colloquial names ---
antibiótico
anticoagulante
antiplaquetario
estatina
esteroide
corticoide
corticosteroide
inhalador
inhalador de rescate
nebulizador
anti-inflamatorio
analgésico
calmante | weak # also "calming" in ordinary speech; colloquially a painkiller
relajante muscular
antihistamínico
antiácido | weak # over-the-counter, named in generic diet advice
antiviral
antimicótico
antifúngico
antiparasitario
desparasitante
diurético
betabloqueador
betabloqueante
bloqueador de calcio
bloqueador de los canales de calcio
inhibidor de la eca
anticonvulsivo
anticonvulsivante
antiepiléptico
sedante
somnífero
opioide
opiáceo
narcótico | weak # also in police and news usage
jarabe | weak # also syrup in food; "jarabe para la tos" is listed
jarabe para la tos
pomada | weak
ungüento | weak
supositorio
óvulo vaginal
insulina de acción rápida
insulina de acción prolongada
# "las pastillas para la presión": the generator only inflects the last
# word, so the plural head noun is listed separately.
pastilla para la presión
pastillas para la presión
pastilla de la presión
medicina para la presión
medicinas para la presión
medicina de la presión
medicamento para la presión
medicamentos para la presión
pastilla para el azúcar
pastillas para el azúcar
pastillas del azúcar
medicina para el azúcar
medicinas para el azúcar
medicina del azúcar
medicamento para el azúcar
medicamentos para el azúcar
pastilla para la diabetes
pastillas para la diabetes
medicina para la diabetes
medicamento para la diabetes
medicamentos para la diabetes
pastilla para el colesterol
pastillas para el colesterol
medicina para el colesterol
medicamento para el colesterol
pastilla para la tiroides
pastillas para la tiroides
pastilla de la tiroides
medicina para la tiroides
medicamento para la tiroides
pastilla para el corazón
pastillas para el corazón
pastillas del corazón
medicina para el corazón
medicina del corazón
medicamento para el corazón
pastilla para el dolor
pastillas para el dolor
medicina para el dolor
medicamento para el dolor
pastilla para dormir
pastillas para dormir
medicina para dormir
pastilla para el agua # colloquial: diuretic
pastillas para el agua
pastillas del agua
pastilla para adelgazar la sangre
pastillas para adelgazar la sangre
medicina para adelgazar la sangre
pastillas para la sangre
pastillas para la alergia
medicina para la alergia
pastillas para el estómago
medicina para el estómago
pastillas para la gastritis
medicina para la tos
medicina para el asma
pastillas para la gota
medicina para los huesos

# --- sensitive: mental health ---
antidepresivo | reason=mental-health # the class word names the condition
ansiolítico | reason=mental-health
antipsicótico | reason=mental-health
estabilizador del ánimo | reason=mental-health
estabilizador del estado de ánimo | reason=mental-health
litio | reason=mental-health
carbonato de litio | reason=mental-health
quetiapina | reason=mental-health
risperidona | reason=mental-health
aripiprazol | reason=mental-health
olanzapina | reason=mental-health
haloperidol | reason=mental-health
ziprasidona | reason=mental-health
lurasidona | reason=mental-health
paliperidona | reason=mental-health
clozapina | reason=mental-health
cariprazina | reason=mental-health
brexpiprazol | reason=mental-health
# ADHD drugs: TDAH is a behavioural-health diagnosis (es-sensitive.lex)
metilfenidato | reason=mental-health
lisdexanfetamina | reason=mental-health
dextroanfetamina | reason=mental-health
anfetamina | reason=mental-health
atomoxetina | reason=mental-health
medicina para la ansiedad | reason=mental-health
medicamento para la ansiedad | reason=mental-health
pastillas para la ansiedad | reason=mental-health
pastillas para la depresión | reason=mental-health
medicina para la depresión | reason=mental-health
medicina para los nervios | reason=mental-health
pastillas para los nervios | reason=mental-health
guanfacina # ADHD but also blood pressure: plain medication

# --- sensitive: substance use ---
metadona | reason=substance-use
buprenorfina | reason=substance-use
buprenorfina con naloxona | reason=substance-use
naloxona | reason=substance-use
naltrexona | reason=substance-use
disulfiram | reason=substance-use
acamprosato | reason=substance-use
suboxone | reason=substance-use
narcan | reason=substance-use
vivitrol | reason=substance-use
sublocade | reason=substance-use

# --- sensitive: HIV / STI ---
antirretroviral | reason=hiv-sti
tratamiento antirretroviral | reason=hiv-sti
terapia antirretroviral | reason=hiv-sti
tenofovir | reason=hiv-sti
emtricitabina | reason=hiv-sti
emtricitabina/tenofovir | reason=hiv-sti
dolutegravir | reason=hiv-sti
bictegravir | reason=hiv-sti
efavirenz | reason=hiv-sti
raltegravir | reason=hiv-sti
cabotegravir | reason=hiv-sti
rilpivirina | reason=hiv-sti
darunavir | reason=hiv-sti
lamivudina | reason=hiv-sti
abacavir | reason=hiv-sti
zidovudina | reason=hiv-sti
truvada | reason=hiv-sti
descovy | reason=hiv-sti
biktarvy | reason=hiv-sti

# --- sensitive: contraception, abortion, fertility ---
anticonceptivo | reason=reproductive
anticonceptivo oral | reason=reproductive
anticonceptivos orales | reason=reproductive noinfl
pastilla anticonceptiva | reason=reproductive
pastillas anticonceptivas | reason=reproductive noinfl
píldora anticonceptiva | reason=reproductive
píldoras anticonceptivas | reason=reproductive noinfl
pastillas para no embarazarse | reason=reproductive noinfl
pastilla para no embarazarse | reason=reproductive noinfl
píldora del día siguiente | reason=reproductive
pastilla del día siguiente | reason=reproductive
anticonceptivo de emergencia | reason=reproductive
anticoncepción de emergencia | reason=reproductive
levonorgestrel | reason=reproductive
noretindrona | reason=reproductive
etinilestradiol | reason=reproductive
drospirenona | reason=reproductive
medroxiprogesterona | reason=reproductive
depo-provera | reason=reproductive
misoprostol | reason=reproductive # also an ulcer drug, but texted about for abortion
mifepristona | reason=reproductive
pastilla abortiva | reason=reproductive
píldora abortiva | reason=reproductive
clomifeno | reason=reproductive # ovulation induction
citrato de clomifeno | reason=reproductive
vitaminas prenatales | reason=reproductive noinfl
vitamina prenatal | reason=reproductive

# --- sensitive: oncology ---
tamoxifeno | reason=oncology
anastrozol | reason=oncology
letrozol | reason=oncology
exemestano | reason=oncology
capecitabina | reason=oncology
pembrolizumab | reason=oncology
