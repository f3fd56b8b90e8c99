# Spanish context words for the matcher: cues, negations and guards. None of
# these is a finding by itself.
#
# cue: ties a nearby weak term (within 8 words) to the patient -
#   "le diagnosticaron", "sus resultados", "salió positivo", "le recetó",
#   "tome", "dosis", "cada 8 horas", "¿cómo sigue su...". Result words
#   after a named test ("su biopsia salió benigna") are also found by the
#   value scanner in scan_id.c; here they are cues for weak terms.
#   Generic intake words are deliberately not cues: "medicamentos" ("traiga
#   sus medicamentos y su lista de alergias"), bare "síntomas" ("si tiene
#   síntomas de COVID, llame antes de venir"), "chequeo" and "seguimiento"
#   (generic visit types).
# negation: changes the wording of a finding that follows it (within five
#   words); it never clears a flag.
# guard: a phrase whose clinical-looking words are not about the patient;
#   it cancels findings that lie wholly inside it. Only routine-vaccine and
#   weather guards contain a sensitive term (see their note). Place senses
#   ("departamento de rayos X", "horario del laboratorio") are handled by the
#   matcher's location rule and need no guard; "temporada de gripe" is listed
#   because the strong "de gripe" starts at "de", which that rule skips.

@lang es
@source Curtain project, hand-curated (Spanish context phrases for clinic texting)
@licence same as Curtain

# ------------------------------------------------------------ diagnosis cues
@reason cue
le diagnosticaron | noinfl
lo diagnosticaron | noinfl
la diagnosticaron | noinfl
diagnosticaron | noinfl
fue diagnosticado | noinfl
fue diagnosticada | noinfl
diagnosticado con | noinfl
diagnosticada con | noinfl
diagnosticado | noinfl
diagnosticada | noinfl
diagnóstico | noinfl
diagnóstico de | noinfl
su diagnóstico | noinfl
padece de | noinfl
padece | noinfl
sufre de | noinfl
tiene antecedentes de | noinfl
antecedentes de | noinfl
historial de | noinfl
sus síntomas | noinfl
su síntoma | noinfl
tus síntomas | noinfl
presentó síntomas | noinfl
presenta síntomas | noinfl
tuvo síntomas | noinfl
síntomas de su | noinfl
tratamiento | noinfl
tratamiento de | noinfl
tratamiento para | noinfl
su tratamiento | noinfl
control de | noinfl
control de su | noinfl
manejo de | noinfl
cómo sigue | noinfl
cómo sigue su | noinfl
cómo siguen sus | noinfl
cómo va su | noinfl
cómo van sus | noinfl
cómo sigue el | noinfl
cómo sigue la | noinfl
cómo se siente | noinfl
cómo sigue usted | noinfl
sigue con | noinfl
todavía tiene | noinfl
aún tiene | noinfl
si empeora | noinfl
si no mejora | noinfl
empeoró | noinfl
ha mejorado | noinfl
mejoría | noinfl
le duele | noinfl
le dolía | noinfl
condición de | noinfl
su condición | noinfl
problema de | noinfl
problemas de | noinfl
episodio de | noinfl
crisis de | noinfl
ataque de | noinfl
nos informó que | noinfl
referido a | noinfl
referida a | noinfl
referencia a | noinfl
referencia para | noinfl
lo refirieron | noinfl
la refirieron | noinfl
le refirieron | noinfl
interconsulta | noinfl
especialista en | noinfl
# ------------------------------------------------------------ result cues
resultado | noinfl
resultados | noinfl
su resultado | noinfl
sus resultados | noinfl
tus resultados | noinfl
resultados de | noinfl
le salió | noinfl
le salieron | noinfl
salió positivo | noinfl
salió positiva | noinfl
salió negativo | noinfl
salió negativa | noinfl
salió alto | noinfl
salió alta | noinfl
salió bajo | noinfl
salió baja | noinfl
salió elevado | noinfl
salió elevada | noinfl
salió normal | noinfl
salió anormal | noinfl
salió bien | noinfl
salió mal | noinfl
salieron positivos | noinfl
salieron negativos | noinfl
salieron altos | noinfl
salieron bajos | noinfl
salieron normales | noinfl
salieron anormales | noinfl
salieron bien | noinfl
salieron mal | noinfl
dio positivo | noinfl
dio positiva | noinfl
dio negativo | noinfl
dio negativa | noinfl
dieron positivo | noinfl
resultó positivo | noinfl
resultó positiva | noinfl
resultó negativo | noinfl
resultó negativa | noinfl
positivo para | noinfl
positiva para | noinfl
positivo a | noinfl
positiva a | noinfl
está alto | noinfl
está alta | noinfl
está bajo | noinfl
está baja | noinfl
está elevado | noinfl
está elevada | noinfl
están altos | noinfl
están bajos | noinfl
muy alto | noinfl
muy alta | noinfl
muy bajo | noinfl
muy baja | noinfl
niveles | noinfl
nivel de | noinfl
sus niveles | noinfl
su nivel | noinfl
valores | noinfl
fuera de rango | noinfl
fuera del rango normal | noinfl
dentro del rango normal | noinfl
rango normal | noinfl
los análisis mostraron | noinfl
mostró | noinfl
mostraron | noinfl
indica que | noinfl
indican que | noinfl
# ------------------------------------------------------------ medication cues
le recetó | noinfl
le recetaron | noinfl
recetó | noinfl
recetado | noinfl
recetada | noinfl
receta | noinfl
receta de | noinfl
su receta | noinfl
sus recetas | noinfl
receta médica | noinfl
renovar su receta | noinfl
resurtido | noinfl
resurtir | noinfl
surtir | noinfl
reabastecimiento | noinfl
recarga de | noinfl
dosis | noinfl
su dosis | noinfl
la dosis | noinfl
aumentar la dosis | noinfl
bajar la dosis | noinfl
cambio de dosis | noinfl
tome | noinfl
tómese | noinfl
tómelo | noinfl
tómela | noinfl
tómelas | noinfl
tómelos | noinfl
tomar | noinfl
tomarse | noinfl
tomando | noinfl
tomándose | noinfl
siga tomando | noinfl
continúe tomando | noinfl
siga usando | noinfl
continúe usando | noinfl
seguir usando | noinfl
deje de tomar | noinfl
dejar de tomar | noinfl
suspenda | noinfl
suspender | noinfl
aplíquese | noinfl
inhalaciones | noinfl
inyéctese | noinfl
inyectarse | noinfl
cada 4 horas | noinfl
cada 6 horas | noinfl
cada 8 horas | noinfl
cada 12 horas | noinfl
cada 24 horas | noinfl
cada cuatro horas | noinfl
cada seis horas | noinfl
cada ocho horas | noinfl
cada doce horas | noinfl
una vez al día | noinfl
dos veces al día | noinfl
tres veces al día | noinfl
cuatro veces al día | noinfl
una vez por semana | noinfl
una vez a la semana | noinfl
diariamente | noinfl
en ayunas | noinfl # fasting for labs or taking a pill: ties "glucosa", "azúcar" to the patient
antes de dormir | noinfl
al acostarse | noinfl
con comida | noinfl
con alimentos | noinfl
con el estómago vacío | noinfl
miligramos | noinfl
mg | noinfl # a cue, not a finding, so the short-term rule does not apply
mcg | noinfl
tableta | noinfl
tabletas | noinfl
pastilla | noinfl
pastillas | noinfl
cápsula | noinfl
cápsulas | noinfl
cucharadita | noinfl
cucharaditas | noinfl
unidades | noinfl
gotitas | noinfl
farmacia | noinfl
la farmacia | noinfl
su farmacia | noinfl
# ------------------------------------------------------------ procedure and test cues
preparación para | noinfl
instrucciones de preparación | noinfl
no coma | noinfl
no coma ni beba | noinfl
ayuno | noinfl
recuperación de su | noinfl
le hicieron | noinfl
le van a hacer | noinfl
le haremos | noinfl
le vamos a hacer | noinfl
le pusieron | noinfl
le van a poner | noinfl
le vamos a poner | noinfl
le quitamos | noinfl
le quitaron | noinfl
le vamos a quitar | noinfl
le van a quitar | noinfl
le quitemos | noinfl
quitarle | noinfl
se le subió | noinfl
se le bajó | noinfl
le subió | noinfl
le bajó | noinfl
# Body parts tie weak words to care: "corona" near "muela", "yeso" near
# "brazo", "dolor"/"inflamación"/"infección"/"operación" near a body part.
# Words with common other senses are left out ("mano": "a la mano";
# "pie": "de pie"; "ojo": "¡ojo!"; "cabeza"; "mamá" folds to "mama").
muela | noinfl
muelas | noinfl
diente | noinfl
dientes | noinfl
encía | noinfl
encías | noinfl
rodilla | noinfl
rodillas | noinfl
cadera | noinfl
hombro | noinfl
hombros | noinfl
espalda | noinfl
columna | noinfl
cuello | noinfl
tobillo | noinfl
tobillos | noinfl
codo | noinfl
brazo | noinfl
pierna | noinfl
piernas | noinfl
ojos | noinfl
oído | noinfl
oídos | noinfl
garganta | noinfl
nariz | noinfl
pecho | noinfl
pulmón | noinfl
pulmones | noinfl
corazón | noinfl
riñón | noinfl
riñones | noinfl
hígado | noinfl
vesícula | noinfl
estómago | noinfl
intestino | noinfl
colon | noinfl
vejiga | noinfl
próstata | noinfl
piel | noinfl
uña | noinfl
uñas | noinfl
hueso | noinfl
huesos | noinfl
músculo | noinfl
articulaciones | noinfl
útero | noinfl
ovarios | noinfl
le pondremos | noinfl
ordenó | noinfl
ordenó un | noinfl
ordenó una | noinfl
orden de | noinfl
orden para | noinfl
el doctor ordenó | noinfl
muestra | noinfl

# ------------------------------------------------------------ negation
@reason negation
no # two letters, but not a finding: no `case`, so "No" and "NO" match too
sin
negativo
negativa
negativo para
negativa para
descartó
descartaron
descartado
descartada
se descartó
se descartaron
no hay
no hay señales de
no hay signos de
no hay evidencia de
no hay rastro de
no tiene
no tenía
no presenta
no presentó
no se encontró
no se encontraron
no encontramos
no encontraron
no mostró
no muestra
no se detectó
no se detectaron
no detectable
indetectable
no reactivo
no reactiva
no reactiva a
ningún
ninguna
ninguno
libre de
libres de
nada de
ya no
tampoco
nunca
sin señales de
sin signos de
sin evidencia de
sin rastro de
ausencia de

# ------------------------------------------------------------ guards
@reason guard
# Routine vaccine notices: the disease name is not the patient's diagnosis.
# (Listed with noinfl: the generator would pluralise the last word.)
vacuna contra la gripe | noinfl
vacunas contra la gripe | noinfl
vacuna de la gripe
vacuna para la gripe | noinfl
vacunas para la gripe | noinfl
vacuna contra la influenza | noinfl
vacunas contra la influenza | noinfl
vacuna de la influenza
vacuna contra el covid | noinfl
vacunas contra el covid | noinfl
vacuna del covid
vacuna de covid
vacuna contra covid-19 | noinfl
vacuna contra el covid-19 | noinfl
# COVID notices (the English file makes "covid" strong, which overrides the
# weak Spanish entry when the lexicons are merged).
por el covid-19 | noinfl
debido al covid | noinfl
debido al covid-19 | noinfl
a causa del covid | noinfl
pandemia de covid | noinfl
pandemia del covid | noinfl
protocolos de covid | noinfl
protocolo de covid | noinfl
medidas de covid | noinfl
precauciones por covid | noinfl
casos de covid | noinfl
ofrecemos pruebas de covid | noinfl
pruebas de covid gratis | noinfl
pruebas gratuitas de covid | noinfl
refuerzo contra el covid | noinfl
refuerzo de covid
vacuna contra la neumonía | noinfl
vacuna de la neumonía
vacuna contra el neumococo | noinfl
vacuna contra la varicela | noinfl
vacuna de la varicela
vacuna contra el sarampión | noinfl
vacuna contra el tétanos | noinfl
vacuna del tétanos
vacuna contra la tos ferina | noinfl
vacuna contra el herpes zóster | noinfl
vacuna del herpes zóster
vacuna contra la culebrilla | noinfl
vacuna contra el vsr | noinfl
vacuna contra el virus respiratorio sincitial | noinfl
clínica de vacunación contra la gripe | noinfl
clínica de vacunas contra la gripe | noinfl
temporada de gripe
temporada de la gripe
temporada de influenza
# Routine vaccines whose disease is a sensitive term. The matcher's
# resolve() currently lets a guard cancel any finding inside it; if guards
# are later limited to non-sensitive findings these become no-ops.
vacuna contra la hepatitis b | noinfl
vacuna de la hepatitis b
vacuna contra el vph | noinfl
vacuna del vph
vacuna contra el virus del papiloma humano | noinfl
# Generic screening instructions before a visit: "si tiene fiebre o tos,
# llame antes de venir". A finding that extends past the guard still counts
# ("si tiene fiebre alta de nuevo").
si tiene fiebre | noinfl
si presenta fiebre | noinfl
si usted tiene fiebre | noinfl
si tiene tos | noinfl
si tiene fiebre o tos | noinfl
fiebre o tos | noinfl # screening lists; a patient-specific follow-up usually names more
tos o fiebre | noinfl
tos o dolor de garganta | noinfl
tos o dificultad para respirar | noinfl
fiebre o dificultad para respirar | noinfl
si presenta tos | noinfl
si tiene síntomas de gripe | noinfl
si tiene síntomas de covid | noinfl
si presenta síntomas de covid | noinfl
síntomas de covid o gripe | noinfl
síntomas de gripe o covid | noinfl
prevenir la gripe | noinfl
prevenir el covid | noinfl
prevenga la gripe | noinfl
evite la gripe | noinfl
protéjase de la gripe | noinfl
protegerse de la gripe | noinfl
proteja a su familia de la gripe | noinfl
# "contra la gripe" is prevention wording ("vacúnese contra la gripe");
# a patient-specific text says "tiene la gripe", "se recupera de la gripe".
contra la gripe | noinfl
contra la influenza | noinfl
contra el covid | noinfl
contra el covid-19 | noinfl
# Generic visit types and routine care: must pass untouched.
examen físico anual | noinfl
examen físico | noinfl
chequeo anual | noinfl
control anual | noinfl
control del niño sano | noinfl
visita del niño sano | noinfl
examen físico escolar | noinfl
examen físico deportivo | noinfl
examen físico para la escuela | noinfl
visita de seguimiento | noinfl
cita de seguimiento | noinfl
visita virtual | noinfl
consulta virtual | noinfl
telemedicina | noinfl
limpieza dental | noinfl
limpieza de rutina | noinfl
examen de la vista de rutina | noinfl
examen de rutina | noinfl
# Everyday senses of weak words.
presión del agua | noinfl
presión de las llantas | noinfl
presión de aire | noinfl
bajo presión | noinfl
sin presión | noinfl
lavado a presión | noinfl
olla a presión | noinfl
gota a gota | noinfl
ni una gota | noinfl
la última gota | noinfl
virus informático | noinfl
virus de computadora | noinfl
virus en la computadora | noinfl
puntos de recompensa | noinfl
puntos de descuento | noinfl
análisis de costos | noinfl
el laboratorio abre | noinfl
el laboratorio cierra | noinfl
el laboratorio estará cerrado | noinfl
el laboratorio está cerrado | noinfl
laboratorio abre | noinfl
laboratorio cierra | noinfl
puente festivo | noinfl
cerveza corona | noinfl
frenos del carro | noinfl
frenos del auto | noinfl
mensaje de prueba | noinfl
esto es una prueba | noinfl
prueba de sonido | noinfl
depresión tropical | noinfl # weather: a storm closing the clinic (see the note on sensitive guards above)
TOS | case noinfl # "terms of service" in English opt-in texts; Spanish "tos" (cough) is lower case
piense positivo | noinfl
pensamiento positivo | noinfl
actitud positiva | noinfl
manténgase positivo | noinfl
experiencia positiva | noinfl
reseña positiva | noinfl
comentario positivo | noinfl
