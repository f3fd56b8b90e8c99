# Spanish names of tests and lab measurements.
#
# `test`: named tests, scans and screenings ("examen de orina",
# "colonoscopía", "biometría hemática" - the Mexican name for a CBC).
# `lab`: analytes and measurements ("glucosa", "colesterol", "potasio",
# "presión arterial"): reported as a test, and they make a nearby number a
# lab value ("su colesterol salió en 255").
#
# Tests that reveal a sensitive service (prueba de embarazo, prueba de VIH,
# prueba genética, prueba de drogas) are in es-sensitive.lex.
#
# Generic visit types are not tests and are not listed: "examen físico
# anual", "chequeo", "control anual", "examen de la vista" at an eye
# practice, "limpieza dental" at a dental practice. Words with everyday
# senses ("análisis", "laboratorio", "placa", "escáner", "cultivo") are
# weak; the possessive forms people text ("sus análisis") are listed strong
# because the matcher's possessive rule applies to conditions only.
# A place sense ("departamento de rayos X", "horario del laboratorio") is
# cancelled by the matcher's location rule.

@lang es
@source Curtain project, hand-curated (Spanish test and laboratory names used in US and Mexican clinic texting)
@licence same as Curtain

@reason test

# --- blood and urine ---
examen de sangre
análisis de sangre
prueba de sangre
estudio de sangre
muestra de sangre
extracción de sangre
toma de sangre
sacar sangre | noinfl
laboratorio de sangre
laboratorio | weak
resultados de laboratorio | noinfl
análisis | weak noinfl
sus análisis | noinfl
sus laboratorios | noinfl
su análisis | noinfl
análisis clínicos | noinfl
estudios de laboratorio | noinfl
examen de laboratorio
pruebas de laboratorio | noinfl
examen de orina
análisis de orina
prueba de orina
muestra de orina
examen general de orina
EGO | case noinfl # examen general de orina; "ego" is a word
estudio de orina
orina de 24 horas | noinfl
uroanálisis | noinfl
urocultivo
cultivo | weak # also crops and culture
cultivo de orina
cultivo de garganta
cultivo de la herida
hemocultivo
examen de heces
análisis de heces
muestra de heces
prueba de heces
coprocultivo
coproparasitoscópico
sangre oculta en heces | noinfl
prueba de sangre oculta
prueba fit | noinfl
hemograma
hemograma completo
biometría hemática
conteo sanguíneo completo
química sanguínea
perfil de lípidos
perfil lipídico
panel de lípidos
panel metabólico
panel metabólico básico
panel metabólico completo
perfil tiroideo
panel de tiroides
examen de tiroides
pruebas de función hepática | noinfl
pruebas hepáticas | noinfl
perfil hepático
pruebas de función renal | noinfl
perfil renal
prueba de coagulación
tiempo de protrombina
gasometría
gasometría arterial
curva de tolerancia a la glucosa
curva de glucosa
prueba de tolerancia a la glucosa
prueba de glucosa
prueba del azúcar
examen de azúcar
prueba de diabetes
examen de diabetes
examen de colesterol
prueba de colesterol
prueba de hemoglobina a1c
prueba de a1c
prueba de psa
examen de psa
prueba de anemia
prueba de plomo
prueba de tuberculosis
prueba de tuberculina
prueba de tb
prueba cutánea
prueba de covid | weak # "ofrecemos pruebas de COVID" is a generic notice
prueba pcr | noinfl
prueba de pcr
prueba de antígeno
prueba rápida | weak # generic "prueba rápida de COVID disponible"
prueba de influenza
prueba de la gripe
prueba de estreptococo
prueba de strep
prueba rápida de estreptococo
hisopado
hisopado nasal
hisopado de garganta
prueba de mono
prueba de alergias
prueba de alergia
prueba del talón # newborn screening
tamiz neonatal
tamizaje neonatal
prueba del sudor
# --- women's, men's, colon and cancer screening ---
papanicolaou
papanicolau # frequent spelling
prueba de papanicolaou
prueba del papanicolaou
citología vaginal
citología cervical
colposcopía
mamografía
mastografía # Mexican usage
examen de mama
examen de senos | noinfl
examen de los senos | noinfl
examen de próstata
examen de la próstata
examen del seno
tacto rectal
examen pélvico
colonoscopía
sigmoidoscopía
endoscopía
gastroscopía
cistoscopía
broncoscopía
laringoscopía
cápsula endoscópica
prueba de cologuard
densitometría
densitometría ósea
prueba de densidad ósea
# --- imaging ---
ultrasonido
ecografía
sonograma
sonografía
ultrasonido abdominal
ultrasonido pélvico
ultrasonido de tiroides
doppler | weak # also weather radar
ultrasonido doppler
radiografía
radiografía de tórax
radiografía de pecho
radiografía dental
radiografías dentales | noinfl
rayos x | noinfl
rayos equis | noinfl
placa | weak # "una placa" is an x-ray colloquially; also plaque and licence plates
placa de tórax
resonancia magnética
resonancia | weak
imagen por resonancia
tomografía
tomografía computarizada
tomografía axial computarizada
TAC | case noinfl # tomografía axial computarizada; "tac" is a sound
escáner | weak # also a document scanner
tomografía por emisión de positrones
pet scan | noinfl
gammagrafía
angiografía
arteriografía
fluoroscopía
estudio de imagen
# --- heart, lungs, nerves, sleep ---
estudio del corazón
estudios del corazón | noinfl
estudios de corazón | noinfl
examen del corazón
electrocardiograma
electro | weak # short for electrocardiograma; also electronics
ecocardiograma
ecocardiografía
eco del corazón | noinfl
prueba de esfuerzo
prueba de estrés cardíaco
holter
monitor holter
monitor cardíaco
espirometría
prueba de función pulmonar
prueba de respiración
prueba de aliento
oximetría
electroencefalograma
electromiografía
estudio de conducción nerviosa
estudio del sueño
polisomnografía
prueba de audición
audiometría
examen de audición
timpanometría
prueba de la vista | weak # usually the routine eye exam
tonometría
fondo de ojo
examen de retina
examen de la retina
examen de fondo de ojo
# --- tissue ---
biopsia
biopsia de piel
biopsia de mama
biopsia de próstata
aspiración con aguja fina
punción lumbar
punción
patología | weak # also "pathology" as a department name

# ---------------------------------------------------------------- analytes
@reason lab
glucosa
glucosa en ayunas
glucemia
azúcar en la sangre
azúcar en sangre
nivel de azúcar
nivel de glucosa
hemoglobina
hemoglobina a1c | noinfl
hemoglobina glicosilada
hemoglobina glucosilada
hba1c | noinfl
a1c | noinfl
colesterol
colesterol total
colesterol ldl | noinfl
colesterol hdl | noinfl
colesterol bueno
colesterol malo
ldl | noinfl
hdl | noinfl
triglicéridos | noinfl
lípidos | noinfl
creatinina
urea
nitrógeno ureico
potasio
sodio | weak # also diet advice ("reduzca el sodio")
cloruro
calcio | weak # also nutrition advice ("alimentos con calcio")
magnesio | weak
fósforo | weak # also matches
electrolitos | noinfl
plaquetas | noinfl
glóbulos blancos | noinfl
glóbulos rojos | noinfl
leucocitos | noinfl
eritrocitos | noinfl
hematocrito
presión arterial
tensión arterial
frecuencia cardíaca
ritmo cardíaco
saturación de oxígeno
nivel de oxígeno
oxigenación
tsh | noinfl
tiroxina
t4 libre | noinfl
T3 | case weak noinfl # also tax-form names
T4 | case weak noinfl
hormona estimulante de la tiroides
vitamina d | noinfl
vitamina b12 | noinfl
b12 | noinfl
folato
ferritina
hierro | weak # iron the metal and the tool
nivel de hierro
ácido úrico
PSA | case weak noinfl # also English "PSA" (announcement); "prueba de PSA" is strong
antígeno prostático
antígeno prostático específico
enzimas hepáticas | noinfl
transaminasas | noinfl
bilirrubina
albúmina
microalbúmina
proteína en orina
tasa de filtración glomerular
filtración glomerular
inr | noinfl
proteína c reactiva
velocidad de sedimentación
factor reumatoide
anticuerpos | weak noinfl # also generic vaccine information
anticuerpos antinucleares | noinfl
cortisol
amilasa
lipasa
troponina
dímero d | noinfl
péptido natriurético
índice de masa corporal
imc | noinfl # índice de masa corporal
nivel de plomo
nivel de litio
niveles de vitamina d | noinfl
conteo de glóbulos blancos | noinfl
conteo de plaquetas | noinfl
