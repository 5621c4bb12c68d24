import factory
from factory.django import DjangoModelFactory

from students.models import Student

from .school import SchoolClassFactory


class StudentFactory(DjangoModelFactory):
    class Meta:
        model = Student

    student_number = factory.Sequence(lambda n: f"S{n:06d}")
    name = factory.Sequence(lambda n: f"学生{n}")
    gender = "M"
    school_class = factory.SubFactory(SchoolClassFactory)


URL_KWARGS = {
    "student_pk": lambda school: school.student_a.pk,
}
