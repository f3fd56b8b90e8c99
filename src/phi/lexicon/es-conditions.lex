# Spanish conditions and symptoms for the "too detailed for SMS" detector.
#
# Primary care, pediatrics, dental, dermatology, orthopaedics, cardiology,
# endocrinology, GI, respiratory, infections, neurology, rheumatology,
# allergy, kidney/urology, eyes/ENT, women's health (non-reproductive
# conditions; pregnancy, contraception and fertility are in es-sensitive.lex).
#
# Spanish puts the qualifier after the noun, so the multi-word forms people
# actually text are listed ("infección de oído", "presión alta",
# "dolor de espalda"), with the word variants Mexican, Central American and
# Caribbean patients use ("agruras", "pulmonía", "piedras en el riñón",
# "la azúcar alta"). Matching folds accents and case; the generator adds the
# plural of the last word, so "infección de oído" also matches
# "infección de oídos" and "cálculo renal" matches "cálculos renales" only if
# listed (the plural of the noun is listed where the adjective follows it).
#
# `weak` marks words with ordinary senses ("dolor", "presión", "azúcar",
# "gota" = drop, "corona", "golpe"), words that appear in generic screening
# and intake texts ("alergias", "infección", "covid") and specialty names
# that can be part of a practice's own name ("cardiología"). They count only
# next to a cue ("le diagnosticaron", "síntomas", "su presión"...).

@lang es
@source Curtain project, hand-curated (Spanish condition and symptom names used in US Spanish-language clinic texting)
@licence same as Curtain

@reason condition

# --- general symptoms ---
dolor | weak # "dolor de cabeza" etc. are strong below
dolor crónico
dolor agudo
dolor intenso
fiebre
fiebre alta
calentura # Mexican for fever
escalofríos
tos
tos seca
tos con flema
tos persistente
flema
mocos | weak noinfl # also a children's insult / everyday word
congestión nasal
nariz tapada
nariz congestionada
escurrimiento nasal
estornudos | noinfl
mareo
vértigo
desmayo
náusea
vómito
vómitos con sangre | noinfl
vomitando | noinfl
diarrea
diarrea con sangre
estreñimiento
estreñido | weak # adjective also used figuratively
estreñida | weak
fatiga | weak # "fatiga" is also everyday tiredness
fatiga crónica
cansancio extremo
debilidad | weak
hinchazón
inflamación | weak
inflamado | weak
inflamada | weak
hinchado | weak
hinchada | weak
piernas hinchadas | noinfl
pies hinchados | noinfl
tobillos hinchados | noinfl
falta de aire
dificultad para respirar
ahogo | weak
silbido en el pecho
sibilancias | noinfl
palpitaciones | noinfl
dolor de pecho
dolor en el pecho
opresión en el pecho
dolor de cabeza
dolor de estómago
dolor de barriga
dolor de panza
dolor abdominal
dolor de espalda
dolor de la espalda
dolor lumbar
dolor de cintura # colloquial for low back pain
dolor de cuello
dolor de hombro
dolor de rodilla
dolor en la rodilla
dolor de cadera
dolor de pies
dolor de garganta
dolor de oído
dolor de muela
dolor de diente
dolor de huesos
dolor en las articulaciones
dolor de articulaciones
dolor muscular
dolores musculares | noinfl
dolor al orinar
ardor al orinar
ardor en la orina
orina con sangre
sangre en la orina
sangre en las heces
sangrado rectal
sangrado vaginal
sangrado nasal
sangrado de nariz
hemorragia nasal
hemorragia
sangrado | weak # also generic first-aid wording
pérdida de peso | weak # generic weight-loss programme adverts
aumento de peso | weak
pérdida de apetito
falta de apetito
sudores nocturnos | noinfl
insomnio
entumecimiento
hormigueo
adormecimiento
temblores | weak noinfl # "temblor" is also an earthquake
picazón
comezón
ronchas | noinfl
sarpullido
salpullido
erupción | weak # also a volcanic eruption
ronchas en la piel | noinfl
lesión | weak # injury / lesion; "prevención de lesiones" is generic
herida
herida abierta
quemadura
quemadura de sol
cortada | weak # also a past participle ("cortada" = cut)
cortadura
moretón
morado | weak # colour
chichón
golpe | weak # a blow, a knock, a coup
caída | weak # a fall, a drop, a service outage
fractura
hueso roto
hueso quebrado
hueso fracturado
esguince
torcedura
tobillo torcido
desgarro
desgarro muscular
contractura
calambre
deshidratación
deshidratado | weak
deshidratada | weak
desnutrición
anemia
infección | weak # "para prevenir infecciones" is generic advice
infección bacteriana
infección viral
virus | weak # computer viruses, generic season notices
bacteria | weak
sepsis
septicemia
enfermedad | weak # "en caso de enfermedad" is generic
enfermedad crónica
padecimiento | weak
enfermo | weak
enferma | weak
malestar | weak
malestar general
síntomas de gripe | noinfl
intoxicación
intoxicación alimentaria
intoxicación por alimentos
envenenamiento | weak
envenenamiento por plomo
intoxicación por plomo
plomo en la sangre

# --- cardiovascular ---
presión | weak # "la presión" alone: cue-dependent
presión alta
alta presión
presión baja
baja presión | weak # also a weather "low pressure" system
presión elevada
presión arterial alta
presión arterial baja
subida de presión
hipertensión
hipertensión arterial
hipertenso
hipertensa
hipotensión
fibrilación auricular
fibrilación
arritmia
arritmia cardíaca
taquicardia
bradicardia
soplo | weak # also a puff of air
soplo cardíaco
soplo en el corazón
insuficiencia cardíaca
insuficiencia cardíaca congestiva
falla cardíaca
fallo cardíaco
falla del corazón
infarto
infarto cardíaco
infarto al corazón
ataque al corazón
ataque cardíaco
angina de pecho
angina # plural "anginas" = tonsillitis in Mexican usage
enfermedad coronaria
enfermedad cardíaca
enfermedad del corazón
problemas del corazón | noinfl
problema del corazón
cardiopatía
miocardiopatía
corazón agrandado
arterias tapadas | noinfl
arterias bloqueadas | noinfl
colesterol alto
colesterol elevado
triglicéridos altos | noinfl
trombosis
trombosis venosa profunda
coágulo
coágulo de sangre
embolia
embolia pulmonar
derrame cerebral
derrame | weak # a spill, a leak; medically stroke or effusion
accidente cerebrovascular
embolia cerebral
acv # accidente cerebrovascular
aneurisma
várices
venas varicosas | noinfl
vena varicosa
insuficiencia venosa
mala circulación
problemas de circulación | noinfl

# --- endocrine, metabolic ---
diabetes | noinfl
diabetis | noinfl # frequent misspelling
diabético
diabética
prediabetes | noinfl
prediabético
prediabética
diabetes gestacional | reason=reproductive noinfl
azúcar | weak # "el azúcar" for diabetes is cue-dependent
azúcar alta
azúcar alto
azúcar elevada
azúcar baja
azúcar bajo
baja de azúcar
bajón de azúcar
subida de azúcar
hipoglucemia
hiperglucemia
resistencia a la insulina
tiroides | noinfl
problema de tiroides
tiroide | noinfl # colloquial singular
hipotiroidismo
hipertiroidismo
bocio
nódulo tiroideo
nódulos tiroideos | noinfl
tiroiditis | noinfl
enfermedad de hashimoto
hashimoto
enfermedad de graves # "graves" alone is an everyday adjective
obesidad
obesidad mórbida
sobrepeso
síndrome metabólico
gota | weak noinfl # "una gota" = a drop; "gotas" are eye drops
ataque de gota
ácido úrico alto
osteoporosis | noinfl
osteopenia
deficiencia de vitamina d | noinfl
falta de vitamina d | noinfl
síndrome de ovario poliquístico
ovario poliquístico
ovarios poliquísticos | noinfl
menopausia
climaterio
bochornos | noinfl # hot flashes
sofocos | noinfl

# --- gastrointestinal, liver ---
reflujo
reflujo ácido
reflujo gastroesofágico
enfermedad por reflujo
acidez
acidez estomacal
agruras | noinfl # Mexican for heartburn
gastritis | noinfl
úlcera
úlcera gástrica
úlcera péptica
helicobacter
pylori | noinfl
colitis | noinfl
colitis ulcerosa | noinfl
colon irritable
síndrome de intestino irritable
síndrome del intestino irritable
enfermedad de crohn
crohn
hemorroides | noinfl
almorranas | noinfl
fisura anal
gastroenteritis | noinfl
infección estomacal
infección intestinal
infección en el estómago
parásitos intestinales | noinfl
parásitos | weak noinfl
lombrices | noinfl
empacho # folk diagnosis of indigestion, still a complaint
indigestión
intolerancia a la lactosa
enfermedad celíaca
celiaquía
hígado graso
cirrosis | noinfl
hepatitis | noinfl # hepatitis B and C are also in es-sensitive.lex
cálculos biliares | noinfl
cálculo biliar
piedras en la vesícula | noinfl
piedra en la vesícula
problemas de la vesícula | noinfl
vesícula inflamada
colecistitis | noinfl
apendicitis | noinfl
pancreatitis | noinfl
diverticulitis | noinfl
divertículos | noinfl
hernia
hernia hiatal
hernia inguinal
hernia umbilical
pólipo
pólipos en el colon | noinfl
pólipo en el colon
obstrucción intestinal

# --- respiratory ---
asma
asmático
asmática
ataque de asma
crisis asmática
bronquitis | noinfl
bronquiolitis | noinfl
neumonía
pulmonía
# "gripe" is also English ("any gripes?"): weak alone, strong with the
# article or preposition Spanish always puts before it.
gripe | weak
la gripe | noinfl
una gripe | noinfl
de gripe | noinfl
con gripe | noinfl
tiene gripe | noinfl
gripe fuerte | noinfl
gripe estomacal | noinfl
influenza
covid | weak # generic COVID notices ("por el COVID") are common
coronavirus | weak noinfl
covid positivo
tiene covid | noinfl
covid persistente
covid prolongado
resfriado
resfrío
catarro
gripa # Colombian / Mexican for gripe
tos ferina
tosferina
epoc # EPOC = COPD
enfermedad pulmonar obstructiva crónica
enfisema
fibrosis pulmonar
apnea del sueño
apnea
alergia | weak # intake texts ask about "alergias"
alergias estacionales | noinfl
alergia estacional
alergia al polen
alergia a la penicilina
alergia a los medicamentos
alergia alimentaria
alergia a la comida
alergia al maní
alergia al cacahuate
alergia a los mariscos
alergia a la leche
alergia al huevo
alergia a las nueces
alérgico | weak
alérgica | weak
rinitis | noinfl
rinitis alérgica
fiebre del heno
sinusitis | noinfl
laringitis | noinfl
faringitis | noinfl
amigdalitis | noinfl
amígdalas inflamadas | noinfl
garganta inflamada
garganta irritada
infección de garganta
infección en la garganta
infección de la garganta
estreptococo
infección por estreptococo
faringitis estreptocócica
crup
tuberculosis | noinfl
tuberculosis latente | noinfl
virus respiratorio sincitial
vsr # VSR = RSV
neumonía por covid
falta de oxígeno
oxígeno bajo

# --- infections (site-qualified forms are strong) ---
infección de oído
infección del oído
infección en el oído
infección en los oídos | noinfl
otitis | noinfl
infección de orina
infección en la orina
infección urinaria
infección de vías urinarias
infección de las vías urinarias
infección del tracto urinario
infección de la vejiga
infección de riñón
infección del riñón
infección de los riñones
ivu # infección de vías urinarias
cistitis | noinfl
infección de la piel
infección en la piel
infección de hongos
infección por hongos
hongos en los pies | noinfl
hongos en las uñas | noinfl
hongo en la uña
hongo | weak # also mushrooms
hongo en los pies
hongo en el pie
hongos en la piel | noinfl
pie de atleta
infección vaginal
infección de levadura
candidiasis | noinfl
vaginosis | noinfl
vaginosis bacteriana
infección en el ojo
infección de los ojos
infección en los ojos | noinfl
infección respiratoria
infección de pecho
infección en el pecho
infección de la herida
infección en la herida
herida infectada
infección dental
infección en la muela
infectado | weak
infectada | weak
celulitis | noinfl
impétigo
absceso
absceso dental
forúnculo
conjuntivitis | noinfl
ojo rojo | weak
orzuelo
sarna
escabiosis | noinfl
piojos | noinfl
liendres | noinfl
varicela
sarampión
paperas | noinfl
rubéola
escarlatina
mononucleosis | noinfl
enfermedad de mano pie y boca
mano pie y boca
herpes zóster | noinfl # also matches es-sensitive "herpes": kept for the condition reading
culebrilla # shingles
zóster
tétanos | noinfl
dengue
zika
chikungunya
enfermedad de lyme
salmonela
salmonelosis | noinfl
coli | noinfl # E. coli
giardia
amebiasis | noinfl
amibas | noinfl # colloquial amoebic dysentery
rotavirus | noinfl
norovirus | noinfl

# --- neurology ---
migraña
jaqueca
convulsión
ataque epiléptico
crisis convulsiva
epilepsia
epiléptico
epiléptica
neuropatía
neuropatía diabética
parkinson
enfermedad de parkinson
alzheimer
enfermedad de alzheimer
demencia
pérdida de memoria
esclerosis múltiple | noinfl
esclerosis lateral amiotrófica | noinfl
ELA | case weak # ELA = ALS; also English Language Arts in school forms
parálisis facial | noinfl
parálisis de bell | noinfl
parálisis cerebral | noinfl
parálisis | weak noinfl
conmoción cerebral
contusión cerebral
traumatismo craneal
traumatismo craneoencefálico
neuralgia
ciática
nervio ciático
nervio pinchado
nervio comprimido
síndrome del túnel carpiano
túnel carpiano
síndrome de tourette
retraso del desarrollo
retraso en el habla
retraso del habla
dislexia
hidrocefalia
meningitis | noinfl
encefalitis | noinfl

# --- musculoskeletal, orthopaedics ---
artritis | noinfl
artritis reumatoide | noinfl
artritis psoriásica | noinfl
osteoartritis | noinfl
artrosis | noinfl
lupus | noinfl
fibromialgia
espondilitis | noinfl
escoliosis | noinfl
hernia de disco
disco herniado
disco abultado
lumbago
tortícolis | noinfl
latigazo cervical
tendinitis | noinfl
tendinosis | noinfl
bursitis | noinfl
fascitis plantar | noinfl
espolón calcáneo
espolón
juanete
dedo en martillo
dedo en gatillo
pie plano
pies planos | noinfl
manguito rotador
lesión del manguito rotador
menisco roto
desgarro de menisco
rotura de menisco
ligamento roto
rotura de ligamento
ligamento cruzado
luxación
dislocación
hombro dislocado
codo de tenista
displasia de cadera
osteomielitis | noinfl
vasculitis | noinfl
esclerodermia
polimialgia reumática

# --- skin ---
acné
acné quístico
eczema
eccema
dermatitis | noinfl
dermatitis atópica | noinfl
dermatitis de contacto | noinfl
dermatitis del pañal | noinfl
rozadura de pañal
pañalitis | noinfl
costra láctea
psoriasis | noinfl
rosácea
verruga
vitíligo
melasma
alopecia
caída del cabello
caída del pelo
urticaria
uña enterrada
uña encarnada
queratosis | noinfl
quiste
quiste sebáceo
lunar | weak # moles; also "lunar" in English
lunares sospechosos | noinfl
mancha en la piel
manchas en la piel | noinfl
granos | weak noinfl # grains; pimples
espinillas | weak noinfl # shins; blackheads
hiperhidrosis | noinfl
cicatriz queloide
queloide

# --- kidney, urology ---
cálculo renal
cálculos | weak noinfl # also calculations
cálculos en el riñón | noinfl
cálculos en los riñones | noinfl
cálculos en la vesícula | noinfl
cálculos renales | noinfl
piedra en el riñón
piedras en el riñón | noinfl
piedras en los riñones | noinfl
piedras en la vejiga | noinfl
insuficiencia renal
falla renal
enfermedad renal
enfermedad renal crónica
enfermedad de los riñones
problemas de los riñones | noinfl
problemas renales | noinfl
daño renal
nefropatía
proteína en la orina
incontinencia
incontinencia urinaria
vejiga hiperactiva
próstata agrandada
agrandamiento de la próstata
hiperplasia prostática
prostatitis | noinfl
problemas de próstata | noinfl
hidronefrosis | noinfl
retención urinaria
criptorquidia
testículo no descendido
varicocele
hidrocele

# --- eyes, ears, nose, throat ---
cataratas | noinfl # also waterfalls, but a clinic text means the eye
glaucoma
degeneración macular
retinopatía
retinopatía diabética
desprendimiento de retina
ojo seco
ojos secos | noinfl
miopía
hipermetropía
astigmatismo
ojo perezoso
ambliopía
estrabismo
pérdida de la visión
visión borrosa
pérdida de audición
pérdida auditiva
sordera
hipoacusia
zumbido en los oídos
zumbido en el oído
tinnitus | noinfl
tapón de cera
cera en los oídos | noinfl
tímpano perforado
tabique desviado
desviación del tabique
pólipos nasales | noinfl
ronquidos | weak noinfl
amígdalas | weak noinfl
adenoides | weak noinfl

# --- dental ---
caries | noinfl
muela picada
muelas picadas | noinfl
diente picado
dientes picados | noinfl
caries dental | noinfl
gingivitis | noinfl
periodontitis | noinfl
enfermedad periodontal
enfermedad de las encías
encías inflamadas | noinfl
sangrado de encías
encías sangrantes | noinfl
piorrea
sensibilidad dental
dientes sensibles | noinfl
diente roto
diente quebrado
diente astillado
diente partido
muela rota
muela quebrada
diente flojo
muela del juicio
muelas del juicio | noinfl
muela del juicio impactada
muelas impactadas | noinfl
bruxismo
rechinar los dientes
maloclusión
infección de la muela
nervio expuesto
flemón

# --- pediatrics, newborns ---
cólico
ictericia
bajo peso al nacer
retraso del crecimiento
labio leporino
paladar hendido
dermatitis seborreica | noinfl
sangre en el pañal

# --- women's health (conditions; reproductive services are sensitive) ---
endometriosis | noinfl
mioma
fibromas uterinos | noinfl
quiste en el ovario
quistes en los ovarios | noinfl
quiste ovárico
displasia cervical
periodo irregular
periodos irregulares | noinfl
menstruación irregular
regla irregular
cólicos menstruales | noinfl
sangrado abundante
regla | weak noinfl # a rule, a ruler
menstruación
periodo | weak # a period of time
dolor pélvico
prolapso
mastitis | noinfl

# --- more symptoms and colloquial names ---
corazón crecido
sangre espesa # folk name for the reason a blood thinner is taken
vista cansada
vista borrosa
ceguera
daltonismo
carnosidad # pterygium, Mexican usage
pterigión
nube en el ojo
callo | weak
ojo de pescado # plantar wart, Mexican usage
uñero
algodoncillo # oral thrush in babies
chincual # diaper rash, Mexican usage
rozadura | weak
golpe de calor
insolación
picadura | weak
picadura de araña
picadura de abeja
picadura de alacrán
picadura de garrapata
mordedura de perro
mordida de perro
mordedura de animal
cortada profunda
pie diabético
bajo peso
bajo de peso
talla baja
tartamudeo
enuresis | noinfl
mojar la cama | noinfl
bulto | weak
bolita | weak
bulto en el seno
bolita en el seno
bulto en la mama
bolita en la mama
células anormales | noinfl
insuficiencia | weak # also "insuficiencia de fondos"
cicatriz | weak
caspa | weak
sarro | weak # dental tartar; also limescale
placa bacteriana
mal aliento
halitosis | noinfl
boca seca
llaga | weak
llagas en la boca | noinfl
aftas | noinfl
úlcera bucal
dolor de mandíbula
trastorno temporomandibular
ATM | case weak noinfl # articulación temporomandibular; also a cash machine
sangre en el excremento
sangre en el popó
cerilla | weak # earwax, Mexican usage; also a match
flujo vaginal
enfermedad de chagas
chagas | noinfl
paludismo
malaria
fiebre tifoidea
tifoidea
rabia | weak # rabies; also anger
ludopatía | reason=mental-health
matriz caída # uterine prolapse, colloquial
matriz | weak # the uterus colloquially; also "oficina matriz"

# --- blood, immune, other ---
anemia falciforme
talasemia
hemofilia
trombocitopenia
plaquetas bajas | noinfl
hierro bajo
deficiencia de hierro
leucocitosis | noinfl
enfermedad autoinmune
inmunodeficiencia
anafilaxia
reacción alérgica
choque anafiláctico
shock anafiláctico
sobrecrecimiento bacteriano
fibrosis quística
linfedema
síndrome de down

# --- specialties that reveal a condition (weak: may be the practice's own name) ---
cardiología | weak
cardiólogo | weak
cardióloga | weak
endocrinología | weak
endocrinólogo | weak
endocrinóloga | weak
nefrología | weak
nefrólogo | weak
nefróloga | weak
neumología | weak
neumólogo | weak
neumóloga | weak
gastroenterología | weak
gastroenterólogo | weak
gastroenteróloga | weak
reumatología | weak
reumatólogo | weak
reumatóloga | weak
neurología | weak
neurólogo | weak
neuróloga | weak
urología | weak
urólogo | weak
uróloga | weak
hematología | weak
hematólogo | weak
hematóloga | weak
infectología | weak
alergólogo | weak
alergóloga | weak
clínica de diabetes
clínica del dolor
clínica de heridas
clínica de anticoagulación
clínica de coumadin
