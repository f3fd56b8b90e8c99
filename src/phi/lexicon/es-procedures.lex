# Spanish names of procedures, surgeries and treatments.
#
# Named procedures are strong ("extracción de muela", "endodoncia",
# "reemplazo de rodilla", "cateterismo"). Bare words with everyday or
# generic senses are weak and need a cue: "cirugía" and "operación" (also
# part of practice names and business language), "vacuna" ("vacunas
# contra la gripe disponibles" is a generic notice), "inyección", "puntos"
# (also points), "yeso" (plaster), "corona" (crown, beer, virus),
# "frenos" (brakes), "relleno" (stuffing). The matcher's possessive rule
# applies to conditions only, so "su vacuna" does not make a weak
# procedure count; that is deliberate for routine vaccines.
#
# Sterilisation, abortion and pregnancy procedures (vasectomía, ligadura de
# trompas, legrado, cesárea) are in es-sensitive.lex; mastectomía and
# chemotherapy are there too (oncology).

@lang es
@source Curtain project, hand-curated (Spanish procedure, surgery and therapy names used in US Spanish-language clinic texting)
@licence same as Curtain

@reason procedure

# --- general ---
cirugía | weak
operación | weak
procedimiento | weak
intervención quirúrgica
cirugía ambulatoria | weak # also a surgery-centre name
cirugía menor
cirugía mayor
postoperatorio
posoperatorio
preoperatorio
prequirúrgico
cita prequirúrgica | noinfl
evaluación preoperatoria
anestesia
anestesia general
anestesia local
sedación
sedación consciente
puntos | weak noinfl # also points, reward points
quitar los puntos | noinfl
retirar los puntos | noinfl
retiro de puntos | noinfl
sutura | weak noinfl
suturas | noinfl # the plural is clinical in texts ("le quitamos las suturas")
retiro de suturas | noinfl
yeso | weak # also plaster, drywall
quitar el yeso | noinfl
férula | weak
bota ortopédica
muletas | weak noinfl
cabestrillo | weak
vendaje | weak
cambio de vendaje
curación | weak # a dressing change (also "healing"; a filling in Mexico)
drenaje | weak # also the drain / sewer
drenaje de absceso
incisión y drenaje | noinfl
cauterización
crioterapia
nebulización
tratamiento con nebulizador
lavado de oídos | noinfl
limpieza de oídos | noinfl
extracción de cera
inyección | weak # generic "flu shot" usage
inyección de cortisona
inyección de esteroides
inyección de cortisona en la rodilla
infiltración
inyección en la rodilla
inyección en el hombro
inyección epidural
bloqueo nervioso
bloqueo epidural
epidural
inyección de b12
inyecciones de hierro | noinfl
infusión | weak # also herbal tea
infusión de hierro
terapia de infusión
centro de infusión
transfusión
transfusión de sangre
vacuna | weak # "vacunas disponibles" is a generic notice
vacunación | weak
inmunización | weak
refuerzo | weak # booster; also reinforcement
vacuna de refuerzo
inmunoterapia
vacunas para la alergia | noinfl
inyecciones para la alergia | noinfl
# --- dental ---
extracción | weak # also extraction in general
extracción de muela
extracción de muelas
extracción dental
extracción de diente
extracción de dientes
extracción de las muelas del juicio
sacar la muela | noinfl
sacar una muela | noinfl
sacarle la muela | noinfl
sacar el diente | noinfl
sacarse la muela | noinfl
sacarse una muela | noinfl
sacarle una muela | noinfl
sacarse el diente | noinfl
endodoncia
tratamiento de conducto
tratamiento de conductos
tratamiento de nervio
tratamiento de canal
canal de raíz
matar el nervio | noinfl
empaste
empaste dental
relleno | weak # also stuffing, filler
resina | weak # composite filling; also resin
amalgama
corona | weak # crown; also the beer and the virus
corona dental
coronas dentales | noinfl
puente dental
puente | weak # a bridge
implante dental
implantes dentales | noinfl
implante | weak
dentadura postiza
dentadura | weak
prótesis dental
placa dental # a denture (Mexico) or dental plaque: both clinical
frenos | weak noinfl # braces; also brakes
brackets | weak noinfl
ortodoncia | weak # often the practice's own name ("Ortodoncia Sonrisas")
tratamiento de ortodoncia
alineadores | weak noinfl
invisalign
retenedor # a dental retainer
frenos dentales | noinfl
usar frenos | noinfl
ponerle frenos | noinfl
ajuste de frenos
quitar los frenos | noinfl
ajuste de brackets
ortodoncista | weak # may be the practice itself
limpieza profunda
raspado y alisado radicular | noinfl
raspado y alisado | noinfl
curetaje
cirugía de encías
injerto de encía
injerto óseo
blanqueamiento dental | weak # cosmetic; common in dental practice promotions
blanqueamiento | weak
selladores dentales | noinfl
sellantes | weak noinfl
guarda nocturna
protector nocturno
férula de descarga
apicectomía
pulpotomía
frenectomía
# --- orthopaedics ---
reemplazo de rodilla
reemplazo de cadera
reemplazo de hombro
reemplazo total de rodilla
reemplazo total de cadera
reemplazo de articulación
prótesis de rodilla
prótesis de cadera
prótesis | weak
artroplastia
artroscopía
cirugía de rodilla
cirugía de cadera
cirugía de hombro
cirugía de espalda
cirugía de columna
fusión espinal
fusión de columna
cirugía del túnel carpiano
reparación del manguito rotador
reparación de ligamento
reconstrucción de ligamento
cirugía de menisco
reducción de fractura
clavos en el hueso | noinfl
placas y tornillos | noinfl
terapia física
fisioterapia
terapeuta físico
terapeuta física
fisioterapeuta
terapeuta ocupacional
terapeuta del habla
terapeuta de lenguaje
terapeuta respiratorio
terapeuta respiratoria
rehabilitación física
terapia de rehabilitación
rehabilitación de | weak noinfl # "rehabilitación de la rodilla"; outranks the substance-use "rehabilitación"
terapia ocupacional
terapia del habla
terapia de lenguaje
terapia de lenguaje y habla | noinfl
quiropráctico | weak # also a practice type
ajuste quiropráctico
acupuntura | weak # may be the practice's own name
# --- heart, vessels ---
cateterismo
cateterismo cardíaco
angioplastia
stent
baipás
bypass coronario
cirugía de corazón abierto
cirugía de corazón
cirugía cardíaca
marcapasos | noinfl
desfibrilador implantable
desfibrilador | weak # also the AED on the wall
ablación
cardioversión
cirugía de várices
escleroterapia
endarterectomía
# --- general and abdominal surgery ---
operación de vesícula
cirugía de vesícula
cirugía de la vesícula
extirpación de la vesícula
quitar la vesícula | noinfl
colecistectomía
apendicectomía
operación de apéndice
cirugía de apéndice
cirugía de hernia
operación de hernia
reparación de hernia
herniorrafia
hernioplastia
cirugía bariátrica
bypass gástrico
manga gástrica
banda gástrica
cirugía de pérdida de peso
colectomía
colostomía
ileostomía
hemorroidectomía
cirugía de hemorroides
tiroidectomía
histerectomía
sacar la matriz | noinfl
quitar la matriz | noinfl
operación de la matriz
cirugía de la matriz
operación de los ojos
operación de la vista
operación de rodilla
operación de cadera
operación de espalda
miomectomía
ablación endometrial
circuncisión
extirpación de lunar
quitar un lunar | noinfl
quitar un quiste | noinfl
extirpación de quiste
drenaje de quiste
# --- ears, nose, throat, eyes ---
amigdalectomía
operación de las amígdalas
cirugía de amígdalas
quitar las amígdalas | noinfl
adenoidectomía
tubos en los oídos | noinfl
tubos de ventilación | noinfl
septoplastia
cirugía de senos nasales
cirugía de cataratas
operación de cataratas
cirugía de los ojos
cirugía de la vista
cirugía láser de ojos
lasik
inyección en el ojo
inyecciones en los ojos | noinfl
vitrectomía
# --- kidney, urology ---
diálisis | noinfl
hemodiálisis | noinfl
diálisis peritoneal | noinfl
litotricia
cirugía de próstata
resección transuretral
sonda urinaria
catéter urinario
# --- transplant, plastic ---
trasplante
trasplante de riñón
trasplante de hígado
trasplante de médula
cirugía plástica
cirugía estética
cirugía reconstructiva
liposucción
abdominoplastia
rinoplastia
aumento de senos | noinfl
implantes de seno | noinfl
reducción de senos | noinfl
# --- other therapies ---
terapia respiratoria
oxigenoterapia
oxígeno en casa
cpap | noinfl
máquina cpap | noinfl
bipap | noinfl
rehabilitación cardíaca
rehabilitación pulmonar
cuidado de heridas
cámara hiperbárica
fototerapia
cuidados paliativos | noinfl
hospicio
alimentación por sonda
sonda de alimentación
traqueostomía
