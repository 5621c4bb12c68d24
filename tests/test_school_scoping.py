"""What each role sees is exactly what domain.md allows."""

from family.rules import sees_full_file
from school.scoping import Scope
from students.models import Student


def names(qs):
    return sorted(s.name for s in qs)


def test_subject_teacher_sees_the_students_of_the_classes_they_teach(school):
    scope = Scope.for_user(school.teacher)
    assert names(Student.objects.visible_to(scope)) == ["刘小红", "张小明"]
    assert list(scope.classes()) == [school.class_a]


def test_subject_teacher_sees_records_of_their_own_subject_only(school):
    scope = Scope.for_user(school.teacher)
    assert scope.can_see_record(school.class_a.pk, school.maths.pk)
    assert not scope.can_see_record(school.class_a.pk, school.chinese.pk)
    assert not scope.can_see_record(school.class_b.pk, school.maths.pk)
    assert not sees_full_file(scope, school.class_a.pk)


def test_head_teacher_sees_every_subject_and_the_family_of_their_class(school):
    scope = Scope.for_user(school.head)
    assert scope.can_see_record(school.class_a.pk, school.maths.pk)
    assert scope.can_see_record(school.class_a.pk, school.chinese.pk)
    assert sees_full_file(scope, school.class_a.pk)
    assert not sees_full_file(scope, school.class_b.pk)
    assert names(Student.objects.visible_to(scope)) == ["刘小红", "张小明"]


def test_grade_leader_sees_the_grades_classes_for_homework_but_not_archives(school):
    scope = Scope.for_user(school.leader)
    assert set(scope.classes()) == {school.class_a, school.class_b}
    assert names(Student.objects.visible_to(scope)) == ["刘小红", "张小明", "陈小刚"]
    assert not scope.can_see_record(school.class_a.pk, school.maths.pk)
    assert not sees_full_file(scope, school.class_a.pk)


def test_director_sees_their_subject_school_wide_and_nothing_else(school):
    scope = Scope.for_user(school.director)
    assert scope.class_ids is None
    assert scope.can_see_record(school.class_b.pk, school.chinese.pk)
    assert not scope.can_see_record(school.class_b.pk, school.maths.pk)
    assert len(Student.objects.visible_to(scope)) == 4


def test_school_leaders_see_everything(school):
    for user in (school.admin, school.principal):
        scope = Scope.for_user(user)
        assert len(Student.objects.visible_to(scope)) == 4
        assert scope.can_see_record(school.class_b.pk, school.maths.pk)
        assert sees_full_file(scope, school.class_c.pk)


def test_teacher_without_assignments_sees_nothing(school):
    scope = Scope.for_user(school.nobody)
    assert list(Student.objects.visible_to(scope)) == []
    assert list(scope.classes()) == []


def test_a_user_with_several_roles_gets_the_union(school):
    from tests.factories.school import ClassHeadshipFactory

    ClassHeadshipFactory(term=school.term, school_class=school.class_b, teacher=school.teacher)
    scope = Scope.for_user(school.teacher)
    assert set(scope.classes()) == {school.class_a, school.class_b}
    assert scope.can_see_record(school.class_b.pk, school.chinese.pk)  # head of B
    assert scope.can_see_record(school.class_a.pk, school.maths.pk)  # teaches maths in A
    assert not scope.can_see_record(school.class_a.pk, school.chinese.pk)


def test_roles_of_another_term_give_no_access(school):
    from tests.factories.school import TeachingAssignmentFactory, TermFactory

    old = TermFactory(academic_year="2025-2026", name="第二学期")
    TeachingAssignmentFactory(
        term=old, teacher=school.nobody, school_class=school.class_a, subject=school.maths
    )
    assert list(Student.objects.visible_to(Scope.for_user(school.nobody))) == []


def test_another_class_teacher_gets_404_on_the_student(school, login):
    client = login(school.stranger)
    assert client.get(f"/students/{school.student_a.pk}/").status_code == 404
    assert client.get(f"/students/{school.student_b.pk}/").status_code == 200


def test_record_q_filters_per_subject_records(school):
    from archives.models import SupportCase

    for student, subject in [
        (school.student_a, school.maths),
        (school.student_a, school.chinese),
        (school.student_b, school.maths),
    ]:
        SupportCase.objects.create(
            student=student, subject=subject, term=school.term, identified_by=school.admin
        )
    teacher_cases = Scope.for_user(school.teacher).records(SupportCase.objects.all())
    assert [(c.student.name, c.subject.name) for c in teacher_cases] == [("张小明", "数学")]
    head_cases = Scope.for_user(school.head).records(SupportCase.objects.all())
    assert len(head_cases) == 2
    director_cases = Scope.for_user(school.director).records(SupportCase.objects.all())
    assert [(c.student.name, c.subject.name) for c in director_cases] == [("张小明", "语文")]
