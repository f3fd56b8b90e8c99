# Spanish terms for sensitive services: HIV/STI, mental health, substance use,
# pregnancy and reproductive health, genetics, oncology - including the clinic
# and department names that reveal them ("centro oncológico",
# "clínica de salud mental"). Any mention, even negated ("su prueba de VIH
# salió negativa"), discloses the service, so almost nothing here is weak.
# Guards are not meant to cancel these findings; the few guards in
# es-context.lex that contain a sensitive term are routine-vaccine and
# weather phrases ("vacuna contra el VPH", "depresión tropical").
#
# Drugs for these services are in es-medications.lex with the same reasons.
# Acronyms that are not words in either language (VIH, VPH, ETS, DIU, TDAH)
# are matched case-insensitively; those that are ("its", "pep", "toc") are
# `case`.

@lang es
@source Curtain project, hand-curated (Spanish names of sensitive health services, conditions and clinics used in US Spanish-language clinic texting)
@licence same as Curtain

# ---------------------------------------------------------------- HIV / STI
@reason hiv-sti
vih | noinfl
virus de inmunodeficiencia humana | noinfl
sida | noinfl # RAE writes "sida" in lower case; no other sense in Spanish or English
prueba de vih
prueba rápida de vih | noinfl
carga viral
cd4 | noinfl
conteo de cd4 | noinfl
seropositivo
seropositiva
ets | noinfl # enfermedad de transmisión sexual; not a word
# ITS = infección de transmisión sexual. Upper-case "ITS" also appears in
# all-caps English ("ITS TIME FOR YOUR VISIT"), so the bare acronym is weak;
# the Spanish contexts it always appears in are strong.
ITS | case weak noinfl
de its | noinfl
una its | noinfl
las its | noinfl
tiene its | noinfl
prueba de ets
enfermedad de transmisión sexual
infección de transmisión sexual
enfermedad venérea
enfermedades venéreas | noinfl
transmisión sexual
salud sexual
clínica de salud sexual
pareja sexual
parejas sexuales | noinfl
clamidia
clamidiasis | noinfl
gonorrea
sífilis | noinfl
herpes | noinfl
herpes genital | noinfl
vph | noinfl
virus del papiloma humano | noinfl
papiloma humano | noinfl
papiloma
verrugas genitales | noinfl
verruga genital
condiloma
chancro
ladillas | noinfl # pubic lice
purgación # colloquial gonorrhoea (Mexico)
tricomoniasis | noinfl
tricomonas | noinfl
trichomonas | noinfl
hepatitis b | noinfl
hepatitis c | noinfl
uretritis | noinfl
enfermedad inflamatoria pélvica
mpox | noinfl
viruela del mono | noinfl
viruela símica | noinfl
PrEP | case noinfl # "prep" is English for preparing
PEP | case noinfl # "pep" is an English word
# PrEP written in other cases: safe with a Spanish article or preposition.
la prep | noinfl
de prep | noinfl
su prep | noinfl
profilaxis pre-exposición | noinfl
profilaxis previa a la exposición | noinfl
profilaxis posexposición | noinfl
profilaxis post-exposición | noinfl
notificación a la pareja
condón | weak # free condoms are offered in generic health-fair texts
preservativo | weak

# ---------------------------------------------------------- mental health
@reason mental-health
salud mental
salud conductual
salud del comportamiento
salud emocional
bienestar emocional | weak # wellness newsletters
clínica de salud mental
centro de salud mental
servicios de salud mental | noinfl
depresión
deprimido
deprimida
depresión mayor
trastorno depresivo
ansiedad
trastorno de ansiedad
ansiedad generalizada
ataque de pánico
ataque de ansiedad
crisis de ansiedad
trastorno de pánico
trastorno bipolar
bipolar
esquizofrenia
esquizofrénico
esquizofrénica
esquizoafectivo
psicosis | noinfl
psicótico
alucinaciones | noinfl
tdah | noinfl
tda | noinfl # trastorno por déficit de atención (without hyperactivity)
hiperactivo | weak
hiperactiva | weak
trastorno por déficit de atención | noinfl
déficit de atención | noinfl
hiperactividad
autismo
trastorno del espectro autista
espectro autista
TEA | case noinfl # trastorno del espectro autista; "tea" is English
asperger
síndrome de asperger
estrés postraumático
trastorno de estrés postraumático
tept | noinfl
trauma psicológico
trastorno obsesivo-compulsivo
TOC | case noinfl # "toc" is a knock; upper-case only
trastorno alimenticio
trastornos alimenticios | noinfl
trastorno de la alimentación
trastorno de la conducta alimentaria
anorexia
bulimia
trastorno por atracón
trastorno de personalidad
trastorno límite de la personalidad
personalidad limítrofe
pensamientos suicidas | noinfl
pensamiento suicida
ideas suicidas | noinfl
ideación suicida
suicidio
suicidarse | noinfl
quitarse la vida | noinfl
intento de suicidio
riesgo de suicidio
suicida
autolesión
lastimarse a sí mismo | noinfl
hacerse daño | weak noinfl # ordinary sense: to get hurt
línea de crisis
línea de prevención del suicidio
línea 988 | noinfl # the suicide and crisis lifeline; a bare 988 would match phone numbers
llame al 988 | noinfl
crisis emocional
crisis de salud mental
terapia psicológica
terapia de pareja
terapia familiar
terapia individual
terapia de grupo
terapia cognitivo-conductual
psicoterapia
terapia | weak # "su terapia" is usually counselling; "terapia física" etc. are longer procedure terms and win
terapeuta | weak # "terapeuta físico" etc. in es-procedures.lex win as longer matches
trastorno | weak # "su trastorno"; most named disorders are listed in full
terapia electroconvulsiva
terapia con electrochoques | noinfl
sesión de terapia # physical therapy sessions are "sesión de fisioterapia"
psicólogo
psicóloga
psicología
psicológico
psicológica
evaluación psicológica
psiquiatra
psiquiatría
psiquiátrico
psiquiátrica
hospital psiquiátrico
internamiento psiquiátrico
consejería | weak # also financial / school counselling
consejero | weak
consejera | weak
consejería de salud mental
consejería de duelo
consejero de drogas
consejera de drogas
consejero de alcohol
consejera de alcohol
consejería de drogas
consejero de adicciones
terapeuta de salud mental
trabajador social clínico
trabajadora social clínica
estrés | weak # everyday word
nervios | weak noinfl # "los nervios" = anxiety colloquially; also nerves
ataque de nervios
crisis nerviosa
agotamiento emocional
duelo | weak # grief; also a duel
insomnio por ansiedad
tristeza profunda
trastorno del estado de ánimo
trastorno de adaptación

# --------------------------------------------------------- substance use
@reason substance-use
adicción
adicto
adicta
drogadicción
drogadicto
drogadicta
alcoholismo
alcohólico | weak # "bebidas alcohólicas" in generic pre-procedure instructions
alcohólica | weak
alcohólicos anónimos | noinfl
narcóticos anónimos | noinfl
abuso de alcohol
abuso de sustancias | noinfl
abuso de drogas | noinfl
uso de sustancias | noinfl
consumo de sustancias | noinfl
trastorno por uso de sustancias | noinfl
trastorno por consumo de alcohol
trastorno por uso de opioides | noinfl
trastorno por consumo de opioides | noinfl
adicción a los opioides | noinfl
adicción a las drogas | noinfl
dependencia al alcohol
dependencia de opioides | noinfl
consumo de drogas | noinfl
uso de drogas | noinfl
drogas | weak noinfl # "drogas" alone: also generic signage
desintoxicación
desintox
rehab | weak # anglicism; also physical rehab
al-anon | noinfl
detox # anglicism used in Spanish texts
rehabilitación | weak # also physical rehab: "rehabilitación de la rodilla" is a longer procedure term
rehabilitación de drogas
rehabilitación de alcohol
rehabilitación por drogas
rehabilitación para drogas
centro de rehabilitación | weak
centro de recuperación
programa de recuperación
tratamiento de adicciones | noinfl
tratamiento para adicciones | noinfl
tratamiento asistido con medicamentos
clínica de metadona
programa de metadona
sobriedad
sobrio | weak
sobria | weak
recaída | weak # also a medical relapse
sobredosis | noinfl
sobredosis de opioides | noinfl
síndrome de abstinencia
cocaína
heroína
metanfetamina
marihuana
mariguana
cannabis | noinfl
tabaquismo
dejar de fumar | weak noinfl # smoking-cessation promos are generic
programa para dejar de fumar | noinfl
cesación de tabaco
vapeo | weak
prueba de drogas # drug screen: the result is sensitive
prueba toxicológica
examen toxicológico
antidoping
prueba antidoping

# -------------------------------------------- pregnancy and reproductive
@reason reproductive
embarazo
embarazada
está embarazada | noinfl
quedó embarazada | noinfl
salió embarazada | noinfl
encinta
prueba de embarazo
examen de embarazo
test de embarazo
semanas de embarazo | noinfl
meses de embarazo | noinfl
embarazo de alto riesgo
embarazo ectópico
embarazo múltiple
prenatal
control prenatal
controles prenatales | noinfl
cuidado prenatal
atención prenatal
cita prenatal
clase prenatal
ultrasonido del bebé
ultrasonido de embarazo
ultrasonido obstétrico
ultrasonido transvaginal
ecografía obstétrica
ecografía del bebé
sonograma del bebé
fecha de parto
fecha probable de parto
última regla
fecha de la última regla
fecha de última regla
última menstruación
fecha de la última menstruación
FUR | case noinfl # fecha de última regla
retraso menstrual
falta de menstruación
parto
parto prematuro
trabajo de parto
cesárea
posparto
postparto
depresión posparto
lactancia
lactancia materna
consultora de lactancia
aborto
aborto espontáneo
aborto inducido
pérdida del embarazo
pérdida de embarazo
interrupción del embarazo
terminación del embarazo
legrado
dilatación y legrado
anticonceptivos | noinfl # singular is in es-medications.lex
método anticonceptivo
métodos anticonceptivos | noinfl
anticoncepción
planificación familiar
método de planificación
no tener más hijos | noinfl
control de natalidad
diu | noinfl
dispositivo intrauterino
inserción del diu | noinfl
retiro del diu | noinfl
inyección anticonceptiva
inyección de tres meses
inyección depo
depo | weak # Depo-Provera; needs a cue or "su"
implante anticonceptivo
implante en el brazo
nexplanon
parche anticonceptivo
anillo vaginal
anillo anticonceptivo
fertilidad
infertilidad
clínica de fertilidad
tratamiento de fertilidad
preservación de la fertilidad
fiv | noinfl
fecundación in vitro | noinfl
fertilización in vitro | noinfl
in vitro | noinfl
inseminación
inseminación artificial
inseminación intrauterina
congelación de óvulos | noinfl
congelamiento de óvulos | noinfl
donación de óvulos | noinfl
óvulos | weak noinfl # also vaginal suppositories; "óvulo" alone is biology
transferencia de embriones | noinfl
ovulación
prueba de ovulación
vasectomía
ligadura de trompas | noinfl
ligarse las trompas | noinfl
amarrarse las trompas | noinfl
amarrar las trompas | noinfl
cortarse las trompas | noinfl
operación de las trompas | noinfl
operación para no tener hijos | noinfl
trompas | weak noinfl # also trunks and trumpets
ligadura
salpingectomía
esterilización | weak # also instrument sterilisation in dental office notices
obstetricia
obstetra
ginecología
ginecólogo
ginecóloga
ginecobstetra
ginecoobstetra
ginecológico
ginecológica
examen ginecológico
ob/gyn | noinfl
partera
matrona
doula
disfunción eréctil
impotencia | weak # also helplessness
eyaculación precoz
salud reproductiva
salud de la mujer | weak # often a practice name
hormona del embarazo
beta hcg | noinfl
gonadotropina coriónica
amniocentesis | noinfl
prueba prenatal no invasiva
nipt | noinfl
# "primer trimestre" is also a school or fiscal quarter: weak, so it needs
# a cue or a possessive ("su primer trimestre").
primer trimestre | weak
segundo trimestre | weak
tercer trimestre | weak
bebé en camino # "expecting" announcements

# ---------------------------------------------------------------- genetics
@reason genetics
prueba genética
pruebas genéticas | noinfl
examen genético
análisis genético
estudio genético
estudios genéticos | noinfl
prueba de adn
prueba de paternidad
prueba de portador
prueba de portadores | noinfl
estudio de cromosomas | noinfl
asesoramiento genético
asesoría genética
consejería genética
consejero genético
consejera genética
asesor genético
asesora genética
genetista
genética
genético
mutación genética
mutación | weak # also virus variants in COVID news
portador genético
portadora genética
cribado genético
tamizaje genético
secuenciación genómica
brca | noinfl
brca1 | noinfl
brca2 | noinfl
síndrome de lynch
cariotipo
enfermedad hereditaria
cáncer hereditario
riesgo hereditario
historial genético
panel genético

# ---------------------------------------------------------------- oncology
@reason oncology
cáncer
canceroso
cancerosa
cáncer de mama
cáncer de seno
cáncer de próstata
cáncer de colon
cáncer de piel
cáncer de pulmón
cáncer de cuello uterino
cáncer cervical
cáncer de útero
cáncer de ovario
cáncer de tiroides
cáncer de páncreas
cáncer de hígado
cáncer de estómago
células cancerosas | noinfl
células precancerosas | noinfl
precanceroso
precancerosa
tumor
tumor maligno
tumor benigno
maligno
maligna
metástasis | noinfl
metastásico
metastásica
carcinoma
carcinoma basocelular
carcinoma espinocelular
sarcoma
linfoma
linfoma de hodgkin
leucemia
mieloma
mieloma múltiple
melanoma
glioblastoma
neoplasia
oncología
oncólogo
oncóloga
oncológico
oncológica
hematología y oncología | noinfl
hemato-oncología
centro de cáncer
centro oncológico
instituto del cáncer
clínica de cáncer
quimio
quimioterapia
radioterapia
terapia de radiación
tratamiento de radiación
inmunoterapia contra el cáncer
tratamiento contra el cáncer
tratamiento del cáncer
mastectomía
lumpectomía
tumorectomía
remisión | weak # also a remittance
sobreviviente de cáncer
